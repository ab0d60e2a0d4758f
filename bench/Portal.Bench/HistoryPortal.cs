using System.Diagnostics;
using Portal.Erp.V1;
using Portal.ErpSim;

namespace Portal.Bench;

/// <summary>
/// The demo portal with a generated ERP history pushed into Nordlab's partnership through the real gRPC sync (a client
/// stream, as the demo ERP client), and Nordlab's account lead signed in over HTTP.
/// </summary>
public sealed class HistoryPortal : IAsyncDisposable
{
    // Issue 11: every history of the growth benchmark comes from this seed, so runs on different days differ only in dates.
    private const int Seed = 11;

    private HistoryPortal(ServerProcess server, PortalConnection erp, PortalSession browser, long partnershipId)
    {
        Server = server;
        Erp = erp;
        Browser = browser;
        PartnershipId = partnershipId;
    }

    public ServerProcess Server { get; }
    public PortalConnection Erp { get; }
    public PortalSession Browser { get; }
    public long PartnershipId { get; }

    public static async Task<HistoryPortal> StartAsync(BenchDatabase database, HistorySize size, DateOnly until)
    {
        var server = await ServerProcess.StartAsync(database.Settings);
        var erp = new PortalConnection(new Uri(server.Web, "/connect/token"), server.Grpc, Demo.ErpClientId, Demo.ErpSecret);
        try
        {
            var partnership = await new PartnershipsService.PartnershipsServiceClient(erp.Channel).GetPartnershipAsync(new GetPartnershipRequest(), await erp.HeadersAsync(CancellationToken.None));
            var history = ErpHistoryGenerator.Generate(Seed, size.Orders, size.Years, until).ToList();
            var watch = Stopwatch.StartNew();
            var totals = await PushCommand.RunAsync(erp, history, $"growth-{size.Orders}", stream: true, batchSize: 0, TextWriter.Null, CancellationToken.None);
            var kinds = history.GroupBy(e => e.RecordCase).ToDictionary(g => g.Key, g => g.Count());
            var lines = history.Where(e => e.PurchaseOrder is not null).Sum(e => e.PurchaseOrder.Lines.Count);
            Console.WriteLine($"{size.Label}: {size.Orders} orders over {size.Years} year(s) to {until:yyyy-MM-dd} — {kinds.GetValueOrDefault(StreamUpsertsRequest.RecordOneofCase.Item)} items, {lines} order lines, " +
                $"{kinds.GetValueOrDefault(StreamUpsertsRequest.RecordOneofCase.Delivery)} deliveries, {kinds.GetValueOrDefault(StreamUpsertsRequest.RecordOneofCase.Invoice)} invoices, " +
                $"{kinds.GetValueOrDefault(StreamUpsertsRequest.RecordOneofCase.Payment)} payments; {totals.Created} records created by one stream in {watch.Elapsed.TotalSeconds:0.0} s " +
                $"({history.Count / watch.Elapsed.TotalSeconds:0} records/s), on top of the demo seed");
            if (await database.SettleAsync() is { TotalMilliseconds: > 0 } settled)
            {
                Console.WriteLine($"{size.Label}: VACUUM (ANALYZE) in {settled.TotalSeconds:0.0} s, as autovacuum would after the load");
            }
            var browser = await PortalSession.SignInAsync(server.Web, Demo.LeadEmail, Demo.Password);
            return new HistoryPortal(server, erp, browser, partnership.Id);
        }
        catch
        {
            // A portal left running would slow every later measure on this machine.
            erp.Dispose();
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Browser.Dispose();
        Erp.Dispose();
        await Server.DisposeAsync();
    }
}
