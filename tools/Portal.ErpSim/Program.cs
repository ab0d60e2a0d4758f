namespace Portal.ErpSim;

/// <summary>
/// The reference ERP client. Against the demo:
///   dotnet run --project tools/Portal.ErpSim -- partnership --client-id nordlab-erp --secret nordlab-demo-secret-7Q2x
/// Options: --portal http://localhost:5080 (where /connect/token is), --grpc http://localhost:5081.
/// </summary>
public static class ErpSimProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["follow", ..]) return await FollowCommand.MainAsync(args[1..]);
        var options = ErpSimOptions.Parse(args);
        if (options is null)
        {
            await Console.Error.WriteLineAsync("usage: Portal.ErpSim partnership --client-id ID --secret SECRET [--portal URL] [--grpc URL]");
            return 2;
        }
        using var connection = new PortalConnection(new Uri(options.Portal, "/connect/token"), options.Grpc, options.ClientId, options.Secret);
        try
        {
            await PartnershipCommand.RunAsync(connection, Console.Out, CancellationToken.None);
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or Grpc.Core.RpcException or HttpRequestException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
    }
}
