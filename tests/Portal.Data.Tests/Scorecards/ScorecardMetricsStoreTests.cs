using Dapper;
using Portal.Data.Database;
using Portal.Data.Guarantees;
using Portal.Data.Scorecards;
using Portal.Data.Tests.Infrastructure;
using Portal.Data.Tenancy;

namespace Portal.Data.Tests.Scorecards;

/// <summary>Every metric of a month against the figures worked out by hand in <see cref="ScorecardWorld"/>.</summary>
public sealed class ScorecardMetricsStoreTests
{
    [Theory, OnBothDatabases]
    public async Task February_of_partnership_A_measures_as_worked_out_by_hand(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ScorecardWorld.SeedAsync(db);

        var m = await db.ScorecardMetrics.MeasureMonthAsync(w.Job, w.A, ScorecardWorld.February, Ct);

        Assert.Equal((0m, 0L, 2L), Inputs(m[ScorecardMetric.OnTimeInFull]));
        Assert.Equal(await IdsAsync(db, "SELECT id FROM purchase_order_lines WHERE partnership_id = @p AND line_no IN (2, 3) ORDER BY id", w.A), m[ScorecardMetric.OnTimeInFull].SourceIds);
        Assert.Equal((0m, 0L, 11L), Inputs(m[ScorecardMetric.QualityPpm]));
        Assert.Null(m[ScorecardMetric.ContainmentOnTime].Value);
        Assert.Null(m[ScorecardMetric.FeasibilityTurnaroundDays].Value);
        Assert.Equal((0m, 0L, 1L), Inputs(m[ScorecardMetric.OpenQualityIssues]));
        Assert.Null(m[ScorecardMetric.OpenIssueAverageAgeDays].Value);
        Assert.Equal((0m, 0L, 1L), Inputs(m[ScorecardMetric.GuaranteePeriodsMet]));
        Assert.Equal([w.Guarantees.Otif.Id], m[ScorecardMetric.GuaranteePeriodsMet].SourceIds);
        Assert.Equal((100m, 10_000L, 1L), Inputs(m[ScorecardMetric.PenaltyCreditsIssued]));
        Assert.Equal((100m, 1L, 1L), Inputs(m[ScorecardMetric.InvoicesPaidOnTime]));
        Assert.Equal((10m, 100_000L, 1_000_000L), Inputs(m[ScorecardMetric.CreditUtilisation]));
        Assert.Equal(0m, m[ScorecardMetric.OverdueAmount].Value);
        Assert.Null(m[ScorecardMetric.LoansOverdue].Value);
        Assert.Null(m[ScorecardMetric.VerificationTurnaroundDays].Value);
    }

    [Theory, OnBothDatabases]
    public async Task January_and_the_other_partnership(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ScorecardWorld.SeedAsync(db);

        var january = await db.ScorecardMetrics.MeasureMonthAsync(w.Job, w.A, ScorecardWorld.January, Ct);
        // B has the same history but no credit line and no guarantee: those metrics have no data, never zero.
        var b = await db.ScorecardMetrics.MeasureMonthAsync(CallerScope.ForSystem("scorecards", w.B), w.B, ScorecardWorld.February, Ct);
        var outsider = await db.ScorecardMetrics.MeasureMonthAsync(await db.ScopeOfAsync(w.World.CustomerLeadBId), w.A, ScorecardWorld.February, Ct);

        Assert.Equal((100m, 1L, 1L), Inputs(january[ScorecardMetric.OnTimeInFull]));
        Assert.Equal((100m, 1L, 1L), Inputs(january[ScorecardMetric.GuaranteePeriodsMet]));
        Assert.Equal(0m, january[ScorecardMetric.PenaltyCreditsIssued].Value);
        Assert.Null(january[ScorecardMetric.InvoicesPaidOnTime].Value);
        Assert.Equal((10m, 100_000L, 1_000_000L), Inputs(january[ScorecardMetric.CreditUtilisation]));
        Assert.Null(b[ScorecardMetric.CreditUtilisation].Value);
        Assert.Null(b[ScorecardMetric.OverdueAmount].Value);
        Assert.Null(b[ScorecardMetric.GuaranteePeriodsMet].Value);
        Assert.Null(b[ScorecardMetric.PenaltyCreditsIssued].Value);
        Assert.Equal(0m, b[ScorecardMetric.OnTimeInFull].Value);
        Assert.Empty(outsider);
    }

    [Theory, OnBothDatabases]
    public async Task Open_issues_at_a_month_end_count_those_closed_later_and_overdue_invoices_are_evidence(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ScorecardWorld.SeedAsync(db);
        var lead = await db.ScopeOfAsync(w.World.AccountLeadId);
        var raised = (await db.QualityIssues.RaiseAsync(lead, w.A, w.Guarantees.Quality.Cracked(), [], Ct))!;
        await using (var connection = await db.Database.OpenAsync(Ct))
        {
            // Raised on 10 February, closed on 5 March: open at the end of February, 18 days old then.
            await connection.ExecuteAsync("UPDATE quality_issues SET raised_at = @raised, state = 'Closed', closed_at = @closed WHERE id = @id",
                new { raised = new DateTimeOffset(2026, 2, 10, 12, 0, 0, TimeSpan.Zero), closed = new DateTimeOffset(2026, 3, 5, 0, 0, 0, TimeSpan.Zero), id = raised.Id });
        }

        var february = await db.ScorecardMetrics.MeasureMonthAsync(w.Job, w.A, ScorecardWorld.February, Ct);
        var january = await db.ScorecardMetrics.MeasureMonthAsync(w.Job, w.A, ScorecardWorld.January, Ct);
        // At the end of March F-1002 (300.00 left, due 1 March) and F-1003 (700.00, due 22 March) are overdue.
        var march = await db.ScorecardMetrics.MeasureMonthAsync(w.Job, w.A, new DateOnly(2026, 3, 1), Ct);

        Assert.Equal((1m, 1L, 1L), Inputs(february[ScorecardMetric.OpenQualityIssues]));
        Assert.Equal([raised.Id], february[ScorecardMetric.OpenQualityIssues].SourceIds);
        Assert.Equal(18m, february[ScorecardMetric.OpenIssueAverageAgeDays].Value);
        Assert.Equal(0m, january[ScorecardMetric.OpenQualityIssues].Value);
        Assert.Equal(1_000m, march[ScorecardMetric.OverdueAmount].Value);
        Assert.Equal(await IdsAsync(db, "SELECT id FROM invoices WHERE partnership_id = @p AND number IN ('F-1002', 'F-1003') ORDER BY due_on", w.A),
            march[ScorecardMetric.OverdueAmount].SourceIds);
        Assert.Equal((0m, 0L, 2L), Inputs(march[ScorecardMetric.InvoicesPaidOnTime]));
    }

    private static (decimal?, long, long) Inputs(Measurement m) => (m.Value, m.Numerator, m.Denominator);

    private static async Task<List<long>> IdsAsync(TestDatabase db, string sql, long p)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        return (await connection.QueryAsync<long>(sql, new { p })).ToList();
    }
}
