using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Database;
using Portal.Data.Scorecards;
using Portal.Data.Tenancy;
using Portal.Erp.V1;
using Portal.Web.Seed;
using Portal.Web.Tests.Infrastructure;
using HealthState = Portal.Erp.V1.HealthState;

namespace Portal.Web.Tests.Grpc;

/// <summary>ScorecardService through the real token endpoint and pipeline, against the demo's scorecards.</summary>
public sealed class ScorecardServiceTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task The_latest_scorecard_is_what_the_health_page_shows_and_pages_walk_back_month_by_month(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var ct = TestContext.Current.CancellationToken;
        var headers = PortalFactory.Bearer(await portal.GetTokenAsync(DemoData.Nordlab.ErpClientId, DemoData.Nordlab.ErpSecret));
        var nordlab = (await portal.Services.GetRequiredService<ScopeStore>().ForErpClientAsync(DemoData.Nordlab.ErpClientId, ct))!;
        var expected = (await portal.Services.GetRequiredService<ScorecardStore>().GetAsync(nordlab, nordlab.PartnershipIds.Single(), null, ct))!.Current;
        var client = new ScorecardService.ScorecardServiceClient(portal.CreateGrpcChannel());

        var latest = (await client.GetScorecardAsync(new GetScorecardRequest(), headers, cancellationToken: ct)).Scorecard;
        var byMonth = (await client.GetScorecardAsync(new GetScorecardRequest { Year = latest.Year, Month = latest.Month }, headers, cancellationToken: ct)).Scorecard;
        var first = await client.ListScorecardsAsync(new ListScorecardsRequest { PageSize = 5 }, headers, cancellationToken: ct);
        var second = await client.ListScorecardsAsync(new ListScorecardsRequest { PageSize = 5, PageToken = first.NextPageToken }, headers, cancellationToken: ct);
        var all = await client.ListScorecardsAsync(new ListScorecardsRequest { PageSize = 100 }, headers, cancellationToken: ct);

        Assert.Equal((expected.Snapshot.Id, expected.Snapshot.Month.Year, expected.Snapshot.Month.Month, (double?)expected.Snapshot.SupplierScore), (latest.Id, latest.Year, latest.Month, latest.Supplier.Score));
        Assert.Equal(latest, byMonth);
        Assert.Equal(ScorecardRules.Definitions.Count, latest.Metrics.Count);
        var otif = latest.Metrics.Single(m => m.Metric == nameof(Data.Scorecards.ScorecardMetric.OnTimeInFull));
        Assert.Equal((double?)expected.Metric(Data.Scorecards.ScorecardMetric.OnTimeInFull)!.Value, otif.HasValue ? otif.Value : null);
        // "No data" is a state of its own, with no value and no score.
        Assert.Contains(latest.Metrics, m => m.State == HealthState.NoData && !m.HasValue && !m.HasScore);
        Assert.Equal(latest.Id, first.Scorecards[0].Id);
        Assert.Equal(5, first.Scorecards.Count);
        Assert.NotEmpty(first.NextPageToken);
        var months = first.Scorecards.Concat(second.Scorecards).Select(s => new DateOnly(s.Year, s.Month, 1)).ToList();
        Assert.Equal(months.OrderDescending(), months);
        Assert.Equal(months.Count, months.Distinct().Count());
        Assert.Empty(all.NextPageToken);
        Assert.Equal((all.Scorecards.Count, all.Scorecards.Count), (first.TotalSize, second.TotalSize));
    }

    [Theory, OnBothDatabases]
    public async Task Another_customers_scorecards_are_not_found_and_bad_requests_are_invalid(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var ct = TestContext.Current.CancellationToken;
        var arcadia = PortalFactory.Bearer(await portal.GetTokenAsync(DemoData.Arcadia.ErpClientId, DemoData.Arcadia.ErpSecret));
        var nordlabId = (await portal.Services.GetRequiredService<ScopeStore>().ForErpClientAsync(DemoData.Nordlab.ErpClientId, ct))!.PartnershipIds.Single();
        var client = new ScorecardService.ScorecardServiceClient(portal.CreateGrpcChannel());

        async Task<StatusCode> StatusOf(Func<Task> call) => (await Assert.ThrowsAsync<RpcException>(call)).StatusCode;

        Assert.Equal(StatusCode.NotFound, await StatusOf(() => client.GetScorecardAsync(new GetScorecardRequest { PartnershipId = nordlabId }, arcadia, cancellationToken: ct).ResponseAsync));
        Assert.Equal(StatusCode.NotFound, await StatusOf(() => client.ListScorecardsAsync(new ListScorecardsRequest { PartnershipId = nordlabId }, arcadia, cancellationToken: ct).ResponseAsync));
        Assert.Equal(StatusCode.NotFound, await StatusOf(() => client.GetScorecardAsync(new GetScorecardRequest { Year = 2001, Month = 1 }, arcadia, cancellationToken: ct).ResponseAsync));
        Assert.Equal(StatusCode.InvalidArgument, await StatusOf(() => client.GetScorecardAsync(new GetScorecardRequest { Year = 2026, Month = 13 }, arcadia, cancellationToken: ct).ResponseAsync));
        Assert.Equal(StatusCode.InvalidArgument, await StatusOf(() => client.ListScorecardsAsync(new ListScorecardsRequest { PageToken = "not-a-token" }, arcadia, cancellationToken: ct).ResponseAsync));
        Assert.Equal(StatusCode.InvalidArgument, await StatusOf(() => client.ListScorecardsAsync(new ListScorecardsRequest { PageSize = -1 }, arcadia, cancellationToken: ct).ResponseAsync));
    }
}
