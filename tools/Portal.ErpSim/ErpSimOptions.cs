namespace Portal.ErpSim;

public sealed record ErpSimOptions(string Command, string ClientId, string Secret, Uri Portal, Uri Grpc)
{
    /// <summary>Null when the command line is incomplete, so that the caller prints the usage.</summary>
    public static ErpSimOptions? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != "partnership")
        {
            return null;
        }
        var named = new Dictionary<string, string>();
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            named[args[i]] = args[i + 1];
        }
        return named.TryGetValue("--client-id", out var clientId) && named.TryGetValue("--secret", out var secret)
            ? new ErpSimOptions(args[0], clientId, secret,
                new Uri(named.GetValueOrDefault("--portal", "http://localhost:5080")),
                new Uri(named.GetValueOrDefault("--grpc", "http://localhost:5081")))
            : null;
    }
}
