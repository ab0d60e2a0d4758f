using System.Diagnostics;
using System.Text.RegularExpressions;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Database;
using Portal.Data.Erp;
using Portal.Data.Tenancy;
using Portal.Web.Seed;
using Portal.Web.Tests.Infrastructure;
using Portal.Web.Tests.Tenancy;

namespace Portal.Web.Tests.QueryPlans;

/// <summary>
/// Every hot query uses an index: on a portal whose customer A holds years of ERP history, every statement that pages,
/// gRPC reads and jobs run (<see cref="ProductTour"/>) is recorded on its way to the database and explained
/// (<see cref="StatementWatch"/>), and none may read a whole <see cref="FullScan.WatchedTables">watched table</see>, nor,
/// when handed a list of rows, its owner's (partnership's, person's) whole share of one. A failure lists each offending
/// statement with its plan: add an index in a migration or narrow the statement.
/// </summary>
public sealed class QueryPlanTests(ITestOutputHelper output)
{
    private const int HistoryYears = 6;

    [Theory, OnBothDatabases]
    public async Task Every_statement_behind_pages_grpc_reads_and_jobs_reads_watched_tables_through_an_index(DatabaseProvider provider)
    {
        var watch = StatementWatch.For(provider, FullScan.NamesRowsByList);
        await using var portal = new WatchedPortal(provider, watch);
        var a = await CustomerA.LoadAsync(portal);
        var history = YearsOfErpHistory.Before(DemoData.Nordlab, HistoryYears, DateOnly.FromDateTime(DateTime.UtcNow));
        var imported = await portal.Services.GetRequiredService<ErpRecordStore>()
            .ImportHistoryAsync(CallerScope.ForSystem("query plans", a.PartnershipId), a.PartnershipId, history, TestContext.Current.CancellationToken);
        Assert.True(imported);
        var connectionString = portal.Services.GetRequiredService<PortalDatabase>().ConnectionString;
        await watch.PrepareAsync(connectionString, TestContext.Current.CancellationToken);

        var clock = Stopwatch.StartNew();
        watch.Recording = true;
        var unserved = await ProductTour.VisitPagesAsync(portal, a);
        await ProductTour.CallGrpcReadsAsync(portal, a);
        var jobsRun = await ProductTour.RunJobsAsync(portal, a);
        watch.Recording = false;
        var scans = await watch.FindFullScansAsync(connectionString, TestContext.Current.CancellationToken);
        output.WriteLine($"{history.Count} ERP records imported; {watch.Statements.Count} distinct statements recorded; tour and plans took {clock.Elapsed.TotalSeconds:0.0} s");

        Assert.Empty(unserved);
        Assert.Empty(GrpcEndpoints.Discover(portal).Except(ProductTour.GrpcReads.Keys).Except(ProductTour.GrpcNotReads));
        using (var jobs = portal.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            Assert.Empty(jobs.GetRecurringJobs().Select(j => j.Job.Type).Except(jobsRun));
        }
        // A watched table that no recorded statement names would pass unexamined: the watch or the tour lost its way.
        var unread = FullScan.WatchedTables.Where(t => !watch.Statements.Any(s => Regex.IsMatch(s, $@"\b{t}\b"))).ToList();
        Assert.True(unread.Count == 0, $"No recorded statement reads {string.Join(", ", unread)}");
        Assert.True(scans.Count == 0, $"{scans.Count} statement(s) read a whole watched table:\n\n{string.Join("\n\n", scans)}");
    }

    /// <summary>
    /// An ERP batch costs what it carries, not what the partnership has synced before: after years of history, the
    /// statements of a batch and of a stream chunk (new receipts against recent orders, revisions of an order, a
    /// delivery, an invoice and a payment) may not read a watched table whole, nor (judged on SQLite, see
    /// <see cref="StatementWatch.OwnersShareIsWhole"/>) the partnership's whole share of it.
    /// </summary>
    [Theory, OnBothDatabases]
    public async Task Every_statement_of_an_erp_batch_reads_only_the_records_the_batch_names(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var watch = StatementWatch.For(provider, _ => true);
        await using var portal = new WatchedPortal(provider, watch);
        var a = await CustomerA.LoadAsync(portal);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var history = YearsOfErpHistory.Before(DemoData.Nordlab, HistoryYears, today);
        var scope = CallerScope.ForSystem("query plans", a.PartnershipId);
        Assert.True(await portal.Services.GetRequiredService<ErpRecordStore>().ImportHistoryAsync(scope, a.PartnershipId, history, cancellationToken));
        await watch.PrepareAsync(portal.Services.GetRequiredService<PortalDatabase>().ConnectionString, cancellationToken);
        var sync = portal.Services.GetRequiredService<ErpSyncStore>();
        var recent = history.PurchaseOrders.OrderBy(o => o.OrderedOn).TakeLast(4).ToList();
        ErpRecord[] next =
        [
            recent[0] with { Revision = recent[0].Revision + 1 },
            .. recent.Skip(1).Select((o, i) => new ErpDelivery($"NEXT-GR-{i}", 1, today, [new ErpDeliveryLine(1, o.ExternalId, o.Lines[0].LineNo, 1, null)])),
            history.Deliveries[^1] with { Revision = history.Deliveries[^1].Revision + 1 },
            history.Invoices[^1] with { Revision = history.Invoices[^1].Revision + 1 },
            history.Payments[^1] with { Revision = history.Payments[^1].Revision + 1 },
        ];

        watch.Recording = true;
        Assert.NotNull(await sync.ApplyBatchAsync(scope, a.PartnershipId, nameof(ErpSyncChange.UpsertDeliveries), "plans-batch", ErpHistory.Of(next), cancellationToken));
        Assert.NotNull(await sync.ApplyStreamChunkAsync(scope, a.PartnershipId, "plans-stream", [.. next.Select((record, i) => ((long)i + 1, Again(record)))],
            cancellationToken));
        watch.Recording = false;
        var scans = await watch.FindFullScansAsync(portal.Services.GetRequiredService<PortalDatabase>().ConnectionString, cancellationToken);

        Assert.True(scans.Count == 0, $"{scans.Count} statement(s) of an ERP batch read a whole table or a partnership's whole share of it:\n\n{string.Join("\n\n", scans)}");
    }

    /// <summary>A record of the batch sent once more through a stream: a new delivery under a new id, the others one revision on.</summary>
    private static ErpRecord Again(ErpRecord record) => record switch
    {
        ErpDelivery { Revision: 1 } d => d with { ExternalId = $"STREAM-{d.ExternalId}" },
        ErpDelivery d => d with { Revision = d.Revision + 1 },
        ErpPurchaseOrder o => o with { Revision = o.Revision + 1 },
        ErpInvoice x => x with { Revision = x.Revision + 1 },
        ErpPayment x => x with { Revision = x.Revision + 1 },
        _ => record,
    };

    /// <summary>The portal with <paramref name="watch"/> installed on every connection its database opens.</summary>
    private sealed class WatchedPortal(DatabaseProvider provider, StatementWatch watch) : PortalFactory(provider)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                var options = (DatabaseOptions)services.Single(s => s.ServiceType == typeof(DatabaseOptions)).ImplementationInstance!;
                options.ConnectionOpened = watch.InstallAsync;
            });
        }
    }
}
