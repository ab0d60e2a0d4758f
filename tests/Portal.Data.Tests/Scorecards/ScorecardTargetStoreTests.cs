using Portal.Data.Database;
using Portal.Data.Scorecards;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Scorecards;

public sealed class ScorecardTargetStoreTests
{
    [Theory, OnBothDatabases]
    public async Task The_account_team_overrides_targets_that_the_next_month_is_judged_against_and_both_sides_read(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ScorecardWorld.SeedAsync(db);
        var lead = await db.ScopeOfAsync(w.World.AccountLeadId);
        var targets = new Dictionary<ScorecardMetric, MetricTarget>(ScorecardRules.DefaultTargets)
        {
            [ScorecardMetric.OnTimeInFull] = new(90, 0, 30),
            [ScorecardMetric.QualityPpm] = new(500, 5_000, 15),
        };

        Assert.True(await db.ScorecardTargets.SetAsync(lead, w.A, targets, Ct));
        await db.Scorecard.CatchUpAsync(w.Job, w.A, Ct);

        var overrides = await db.ScorecardTargets.GetOverridesAsync(await db.ScopeOfAsync(w.World.CustomerLeadAId), w.A, Ct);
        Assert.Equal(new Dictionary<ScorecardMetric, MetricTarget> { [ScorecardMetric.OnTimeInFull] = new(90, 0, 30), [ScorecardMetric.QualityPpm] = new(500, 5_000, 15) }, overrides);
        var otif = (await db.Scorecards.GetAsync(lead, w.A, ScorecardWorld.February, Ct))!.Current.Metric(ScorecardMetric.OnTimeInFull)!;
        Assert.Equal((90m, 0m, 30), (otif.Target, otif.Floor, otif.Weight));
        Assert.Single(await AuditRows.ForEntityAsync(db, "ScorecardTargets", w.A));
    }

    [Theory, OnBothDatabases]
    public async Task Customers_cannot_set_targets_outsiders_reach_nothing_and_bad_sets_are_refused(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ScorecardWorld.SeedAsync(db);
        var customer = await db.ScopeOfAsync(w.World.CustomerLeadAId);
        var lead = await db.ScopeOfAsync(w.World.AccountLeadId);
        var unbalanced = new Dictionary<ScorecardMetric, MetricTarget>(ScorecardRules.DefaultTargets) { [ScorecardMetric.OnTimeInFull] = new(95, 80, 26) };

        await Assert.ThrowsAsync<ScopeException>(() => db.ScorecardTargets.SetAsync(customer, w.A, ScorecardRules.DefaultTargets, Ct));
        var refused = await Assert.ThrowsAsync<ValidationException>(() => db.ScorecardTargets.SetAsync(lead, w.A, unbalanced, Ct));
        Assert.Contains("SupplierWeights", refused.Errors.Keys);
        Assert.False(await db.ScorecardTargets.SetAsync(lead, w.B, ScorecardRules.DefaultTargets, Ct));
        Assert.Empty(await db.ScorecardTargets.GetOverridesAsync(await db.ScopeOfAsync(w.World.CustomerLeadBId), w.A, Ct));
    }
}
