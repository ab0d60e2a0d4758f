using System.Diagnostics;
using System.Text.RegularExpressions;
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
/// (<see cref="StatementWatch"/>), and none may read a whole <see cref="FullScan.WatchedTables">watched table</see>.
/// A failure lists each offending statement with its plan: add an index in a migration or narrow the statement.
/// </summary>
public sealed class QueryPlanTests(ITestOutputHelper output)
{
    private const int HistoryYears = 6;

    [Theory, OnBothDatabases]
    public async Task Every_statement_behind_pages_grpc_reads_and_jobs_reads_watched_tables_through_an_index(DatabaseProvider provider)
    {
        var watch = StatementWatch.For(provider);
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
        await ProductTour.RunJobsAsync(portal, a);
        watch.Recording = false;
        var scans = await watch.FindFullScansAsync(connectionString, TestContext.Current.CancellationToken);
        output.WriteLine($"{history.Count} ERP records imported; {watch.Statements.Count} distinct statements recorded; tour and plans took {clock.Elapsed.TotalSeconds:0.0} s");

        Assert.Empty(unserved);
        Assert.Empty(GrpcEndpoints.Discover(portal).Except(ProductTour.GrpcReads.Keys).Except(ProductTour.GrpcNotReads));
        // A watched table that no recorded statement names would pass unexamined: the watch or the tour lost its way.
        var unread = FullScan.WatchedTables.Where(t => !watch.Statements.Any(s => Regex.IsMatch(s, $@"\b{t}\b"))).ToList();
        Assert.True(unread.Count == 0, $"No recorded statement reads {string.Join(", ", unread)}");
        Assert.True(scans.Count == 0, $"{scans.Count} statement(s) read a whole watched table:\n\n{string.Join("\n\n", scans)}");
    }

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
