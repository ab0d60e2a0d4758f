using Portal.Data.Database;
using Portal.Data.Erp;
using Portal.Data.Guarantees;
using Portal.Data.Scorecards;
using Portal.Data.Tenancy;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Scorecards;

/// <summary>Where the dashboard, a guarantee and the scorecard show the same metric for the same window, they show the same number.</summary>
public sealed class OneDefinitionTests
{
    [Theory, OnBothDatabases]
    public async Task On_time_in_full_over_twelve_months_is_the_same_on_the_dashboard_a_guarantee_and_the_scorecard(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ScorecardWorld.SeedAsync(db);
        // Thirteen lines due in June 2025 that never came: 1 of 16 lines on time, 6.25 %, a half that every figure must round the same way.
        await db.ErpRecords.ImportHistoryAsync(CallerScope.ForSystem("test sync", w.A), w.A, new ErpHistory([],
            [new ErpPurchaseOrder("PO-0500", 1, "PO-0500", new DateOnly(2025, 5, 1), "EUR",
                Enumerable.Range(1, 13).Select(n => new ErpPurchaseOrderLine(n, "I-2", 1, 100, new DateOnly(2025, 6, 10))).ToList())], [], [], []), Ct);
        await db.Scorecard.CatchUpAsync(w.Job, w.A, Ct);
        var lead = await db.ScopeOfAsync(w.World.AccountLeadId);
        // The dashboard's twelve months end on the day asked about: 28 February gives March 2025 to February 2026.
        var dashboard = await db.ErpRecords.GetSummaryAsync(lead, w.A, new DateOnly(2026, 2, 28), Ct);
        var guarantee = await db.GuaranteeMetrics.OnTimeInFullAsync(lead, w.A, new DateOnly(2025, 3, 1), new DateOnly(2026, 2, 28), earlyCountsAsOnTime: true, Ct);
        var months = await db.Scorecards.GetHistoryAsync(lead, w.A, new DateOnly(2025, 3, 1), ScorecardWorld.February, Ct);
        var otif = months.Select(m => m.Metric(ScorecardMetric.OnTimeInFull)!).ToList();
        var scorecard = GuaranteeRules.Percent(otif.Sum(m => m.Numerator), otif.Sum(m => m.Denominator));

        Assert.Equal(12, months.Count);
        Assert.Equal((1L, 16L), (guarantee.Numerator, guarantee.Denominator));
        Assert.Equal(6.3m, guarantee.Value);
        Assert.Equal(guarantee.Value, dashboard.OnTimeInFullPercent);
        Assert.Equal(guarantee.Value, scorecard);
        Assert.Equal((dashboard.LinesOnTimeInFullLast12Months, dashboard.LinesDueLast12Months), (otif.Sum(m => m.Numerator), otif.Sum(m => m.Denominator)));
    }

    [Theory, OnBothDatabases]
    public async Task Quality_ppm_of_a_month_is_the_same_on_the_quality_page_a_guarantee_and_the_scorecard(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ScorecardWorld.SeedAsync(db);
        var lead = await db.ScopeOfAsync(w.World.AccountLeadId);
        await db.QualityIssues.RaiseAsync(lead, w.A, w.Guarantees.Quality.Cracked(affected: 4), [], Ct);
        db.Clock.Advance(TimeSpan.FromDays(31)); // 2 April: March has closed
        await db.Scorecard.CatchUpAsync(w.Job, w.A, Ct);
        var march = new DateOnly(2026, 3, 1);

        var page = await db.QualityMetrics.GetPpmAsync(lead, w.A, march, new DateOnly(2026, 3, 31), Ct);
        var guarantee = await db.GuaranteeMetrics.PpmAsync(lead, w.A, march, new DateOnly(2026, 3, 31), Ct);
        var scorecard = (await db.Scorecards.GetAsync(lead, w.A, march, Ct))!.Current.Metric(ScorecardMetric.QualityPpm)!;

        Assert.Equal(2_000_000m, page.Ppm);
        Assert.Equal(page.Ppm, guarantee.Value);
        Assert.Equal(page.Ppm, scorecard.Value);
    }
}
