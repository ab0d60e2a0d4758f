namespace Portal.ErpSim;

public sealed record ErpSimOptions(string Command, string ClientId, string Secret, Uri Portal, Uri Grpc)
{
    public static readonly string[] Commands = ["partnership", "generate", "push", "resend"];

    /// <summary>Every --name value pair of the command line.</summary>
    public IReadOnlyDictionary<string, string> Named { get; init; } = new Dictionary<string, string>();

    public string Get(string name, string fallback) => Named.GetValueOrDefault(name, fallback);

    /// <summary>Null when the command line is incomplete, so that the caller prints the usage. Only `generate` needs no client.</summary>
    public static ErpSimOptions? Parse(string[] args)
    {
        if (args.Length == 0 || !Commands.Contains(args[0]))
        {
            return null;
        }
        var named = new Dictionary<string, string>();
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            named[args[i]] = args[i + 1];
        }
        var portal = new Uri(named.GetValueOrDefault("--portal", "http://localhost:5080"));
        var grpc = new Uri(named.GetValueOrDefault("--grpc", "http://localhost:5081"));
        if (args[0] == "generate")
        {
            return new ErpSimOptions(args[0], "", "", portal, grpc) { Named = named };
        }
        return named.TryGetValue("--client-id", out var clientId) && named.TryGetValue("--secret", out var secret)
            ? new ErpSimOptions(args[0], clientId, secret, portal, grpc) { Named = named }
            : null;
    }
}
