using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Grpc.Core;
using Portal.Erp.V1;
using Portal.ErpSim;
using Portal.ScaleOutTests.Cluster;

namespace Portal.ScaleOutTests;

[Collection(typeof(ScaleOutCollection))]
public sealed class NodeLossTests(TwoNodes cluster)
{
    private sealed record Load(TimeSpan Finished, string ServedBy, bool SignedIn, int Attempts);

    [ScaleOutFact]
    public async Task Node_A_killed_in_the_middle_of_a_streamed_load_and_of_page_loads_loses_nothing_duplicates_nothing_and_signs_nobody_out()
    {
        await cluster.EnsureBothUpAsync();
        var partnership = await cluster.CountAsync("SELECT id FROM partnerships WHERE name LIKE '%Nordlab'");
        using var browser = new Browser(cluster.Balancer.Web);
        await browser.SignInAsync("nina.engineer@nordlab.example");
        const int seed = 1803;
        var history = ErpHistoryGenerator.Generate(seed, size: 300).ToList();
        var streamId = $"scaleout-{Guid.NewGuid():N}";
        foreach (var envelope in history) envelope.StreamId = streamId;
        using var channel = ErpSide.Channel(cluster.Balancer.Grpc);
        var sync = new ErpSyncService.ErpSyncServiceClient(channel);
        var headers = ErpSide.Bearer(await ErpSide.TokenAsync(cluster.Balancer.Web));
        var clock = Stopwatch.StartNew();
        using var stopLoading = new CancellationTokenSource();
        var loaded = new ConcurrentQueue<Load>();
        var pageLoads = Enumerable.Range(0, 2).Select(_ => LoadPagesAsync(browser, $"/p/{partnership}/quality", clock, loaded, stopLoading.Token)).ToList();
        // Node A serves pages before it is killed: a node just restarted by another test may still be warming up, and the
        // balancer's health check counts it out until it answers in time.
        await WaitUntilAsync(() => Task.FromResult(loaded.Any(l => l.ServedBy == "a")), "Node A served no page");

        await ErpSide.AlignAsync(sync, headers, "a");
        using var stream = sync.StreamUpserts(headers);
        const int sentBeforeKill = 1000;
        foreach (var envelope in history.Take(sentBeforeKill)) await stream.RequestStream.WriteAsync(envelope);
        await WaitUntilAsync(async () => await PositionAsync(streamId) >= 3 * 100, "The stream acknowledged nothing");
        await cluster.A.KillAsync();
        var killedAt = clock.Elapsed;
        var broken = await Record.ExceptionAsync(async () =>
        {
            foreach (var envelope in history.Skip(sentBeforeKill)) await stream.RequestStream.WriteAsync(envelope);
            await stream.RequestStream.CompleteAsync();
            await stream.ResponseAsync;
        });

        var position = (await sync.GetStreamPositionAsync(new GetStreamPositionRequest { StreamId = streamId }, headers)).LastAcknowledgedSequence;
        using var resumed = sync.StreamUpserts(headers);
        foreach (var envelope in history.Where(e => e.Sequence > position)) await resumed.RequestStream.WriteAsync(envelope);
        await resumed.RequestStream.CompleteAsync();
        var totals = await resumed.ResponseAsync;
        var resumedOn = (await resumed.ResponseHeadersAsync).GetValue(Balancer.ServedBy.ToLowerInvariant());
        await Task.Delay(500);
        await stopLoading.CancelAsync();
        await Task.WhenAll(pageLoads);
        var loads = loaded.ToList();

        // The stream breaks where the client is: writing (the connection reset) or awaiting the answer (UNAVAILABLE, INTERNAL).
        Assert.True(broken is RpcException or HttpRequestException or IOException, $"The stream did not break: {broken}");
        Assert.InRange(position, 300, history.Count - 1);
        Assert.Equal("b", resumedOn);
        Assert.Equal((history.Count - position, 0L, 0L, 0L, 0L), (totals.Created, totals.Updated, totals.Unchanged, totals.Stale, totals.Skipped));
        foreach (var (table, kind) in new[]
        {
            ("items", StreamUpsertsRequest.RecordOneofCase.Item), ("purchase_orders", StreamUpsertsRequest.RecordOneofCase.PurchaseOrder),
            ("deliveries", StreamUpsertsRequest.RecordOneofCase.Delivery), ("invoices", StreamUpsertsRequest.RecordOneofCase.Invoice), ("payments", StreamUpsertsRequest.RecordOneofCase.Payment),
        })
        {
            Assert.Equal((table, (long)history.Count(e => e.RecordCase == kind)), (table, await cluster.CountAsync($"SELECT count(*) FROM {table} WHERE external_id LIKE @p", $"SIM{seed}-%")));
        }
        Assert.All(loads, l => Assert.True(l.SignedIn, $"A page load at {l.Finished} from {l.ServedBy} after {l.Attempts} attempts was not the signed-in page."));
        Assert.Contains(loads, l => l.Finished < killedAt && l.ServedBy == "a");
        var afterKill = loads.Where(l => l.Finished > killedAt).ToList();
        Assert.NotEmpty(afterKill);
        Assert.All(afterKill, l => Assert.Equal("b", l.ServedBy));
        TestContext.Current.TestOutputHelper?.WriteLine($"{loads.Count} page loads, {loads.Count(l => l.Attempts > 1)} reloaded after the kill; stream broken at {position} of {history.Count}, resumed on b.");
    }

    /// <summary>A person reloading a page over and over; a load that breaks is reloaded once, as a person would.</summary>
    private static async Task LoadPagesAsync(Browser browser, string path, Stopwatch clock, ConcurrentQueue<Load> loads, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    // A load under way when the test says stop finishes, as it would for the person.
                    var page = await browser.GetAsync(path, CancellationToken.None);
                    loads.Enqueue(new Load(clock.Elapsed, page.ServedBy, page.Status == HttpStatusCode.OK && !page.IsLoginPage, attempt));
                    break;
                }
                catch (HttpRequestException) when (attempt == 1)
                {
                }
            }
        }
    }

    private Task<long> PositionAsync(string streamId) => cluster.CountAsync("SELECT coalesce(max(position), 0) FROM erp_sync_streams WHERE stream_id = @p", streamId);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{failure} within a minute.");
            await Task.Delay(20);
        }
    }
}
