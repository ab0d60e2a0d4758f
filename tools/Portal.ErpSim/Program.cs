using System.Globalization;

namespace Portal.ErpSim;

/// <summary>
/// The reference ERP client. Against the demo (client nordlab-erp / nordlab-demo-secret-7Q2x):
///   partnership --client-id ID --secret S                  prints the partnership the client is bound to
///   generate [--seed 1] [--size 200] [--years 1] [--until 2025-12-31] [--out history.bin]
///                                                          writes a deterministic ERP history: --size orders spread over
///                                                          --years years ending on --until
///   push --client-id ID --secret S [--in history.bin] [--mode unary|stream] [--batch 500] [--run NAME]
///   resend ...same options as push...                     sends it again with the same request ids / stream id
/// Options: --portal http://localhost:5080 (where /connect/token is), --grpc http://localhost:5081.
/// </summary>
public static class ErpSimProgram
{
    private const string Usage = """
        usage: Portal.ErpSim partnership --client-id ID --secret SECRET [--portal URL] [--grpc URL]
               Portal.ErpSim generate [--seed N] [--size ORDERS] [--years N] [--until YYYY-MM-DD] [--out FILE]
               Portal.ErpSim push|resend --client-id ID --secret SECRET [--in FILE] [--mode unary|stream] [--batch N] [--run NAME]
        """;

    public static async Task<int> Main(string[] args)
    {
        if (args is ["follow", ..]) return await FollowCommand.MainAsync(args[1..]);
        var options = ErpSimOptions.Parse(args);
        if (options is null)
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }
        if (options.Command == "generate")
        {
            var path = options.Get("--out", "history.bin");
            DateOnly? until = options.Named.TryGetValue("--until", out var day) ? DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
            var count = HistoryFile.Write(path, ErpHistoryGenerator.Generate(Number(options, "--seed", 1), Number(options, "--size", 200), Number(options, "--years", 1), until));
            Console.WriteLine($"{count} records written to {path}");
            return 0;
        }
        using var connection = new PortalConnection(new Uri(options.Portal, "/connect/token"), options.Grpc, options.ClientId, options.Secret);
        try
        {
            if (options.Command == "partnership")
            {
                await PartnershipCommand.RunAsync(connection, Console.Out, CancellationToken.None);
                return 0;
            }
            var input = options.Get("--in", "history.bin");
            await PushCommand.RunAsync(connection, HistoryFile.Read(input), options.Get("--run", Path.GetFileNameWithoutExtension(input)),
                options.Get("--mode", "unary") == "stream", Number(options, "--batch", 500), Console.Out, CancellationToken.None);
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or Grpc.Core.RpcException or HttpRequestException or IOException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
    }

    private static int Number(ErpSimOptions options, string name, int fallback) =>
        int.Parse(options.Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
}
