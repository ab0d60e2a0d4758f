using Microsoft.Extensions.Time.Testing;
using Portal.Data.Changes;
using Portal.Data.ChangeFeed;
using Portal.Data.Attachments;
using Portal.Data.Audit;
using Portal.Data.Database;
using Portal.Data.Notifications;
using Portal.Data.Quality;
using Portal.Data.Tenancy;
using Portal.Data.Tests.Erp;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Quality;

/// <summary>
/// Known answers from <see cref="SampleHistory"/>: February 2026 delivered 5 + 3 + 3 = 11 parts, January to March 23
/// (10 + 5 + 3 + 3 + 2). Issues raised on 10 Feb (2 affected), 25 Feb (1) and 2 Mar (4).
/// </summary>
public sealed class QualityMetricsStoreTests
{
    [Theory, OnBothDatabases]
    public async Task Ppm_divides_the_periods_nonconforming_by_its_delivered_quantity(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var (q, lead) = await RaiseThreeAsync(db);

        var february = await db.QualityMetrics.GetPpmAsync(lead, q.World.PartnershipAId, new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28), Ct);
        var quarter = await db.QualityMetrics.GetPpmAsync(lead, q.World.PartnershipAId, new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31), Ct);
        var empty = await db.QualityMetrics.GetPpmAsync(lead, q.World.PartnershipAId, new DateOnly(2025, 6, 1), new DateOnly(2025, 6, 30), Ct);

        Assert.Equal((3L, 11L, 272727.3m), (february.NonconformingQuantity, february.DeliveredQuantity, february.Ppm!.Value));
        Assert.Equal((7L, 23L, 304347.8m), (quarter.NonconformingQuantity, quarter.DeliveredQuantity, quarter.Ppm!.Value));
        Assert.Null(empty.Ppm);
    }

    [Theory, OnBothDatabases]
    public async Task Aging_counts_open_days_and_overdue_steps_of_open_issues(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var (q, lead) = await RaiseThreeAsync(db);

        var aging = await db.QualityMetrics.GetAgingAsync(lead, q.World.PartnershipAId, db.Clock.GetUtcNow(), Ct);

        // The Critical issue of 10 Feb has D1 done; D2, D3 (due 11 Feb) and D4 (due 24 Feb) are overdue.
        Assert.Equal((3, 20, 8.3m, 3, 1), (aging.OpenIssues, aging.OldestOpenDays, aging.AverageOpenDays, aging.OverdueSteps, aging.ContainmentOverdue));
        var outsider = await db.QualityMetrics.GetAgingAsync(await db.ScopeOfAsync(q.World.CustomerLeadBId), q.World.PartnershipAId, db.Clock.GetUtcNow(), Ct);
        Assert.Equal(0, outsider.OpenIssues);
    }

    // The database's clock cannot go back before its start; these issues are raised through stores on a clock of their own.
    private static async Task<(QualityWorld, CallerScope)> RaiseThreeAsync(TestDatabase db)
    {
        var q = await QualityWorld.SeedAsync(db);
        var lead = await db.ScopeOfAsync(q.World.AccountLeadId);
        var p = q.World.PartnershipAId;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 2, 10, 9, 0, 0, TimeSpan.Zero));
        var changes = ChangeRecorder.On(db.Database, clock);
        var issues = new QualityIssueStore(db.Database, changes, new AttachmentStore(db.Database, changes, db.AttachmentOptions, clock), clock);
        var workflow = new QualityWorkflowStore(db.Database, issues, changes, clock);
        var critical = await issues.RaiseAsync(lead, p, q.Cracked(Severity.Critical, affected: 2), [], Ct);
        await workflow.CompleteStepAsync(lead, p, critical!.Id, EightDStep.D1, Ct);
        clock.SetUtcNow(new DateTimeOffset(2026, 2, 25, 9, 0, 0, TimeSpan.Zero));
        await issues.RaiseAsync(lead, p, q.Cracked(Severity.Minor, affected: 1), [], Ct);
        await db.QualityIssues.RaiseAsync(lead, p, q.Cracked(Severity.Major, affected: 4), [], Ct);
        return (q, lead);
    }
}
