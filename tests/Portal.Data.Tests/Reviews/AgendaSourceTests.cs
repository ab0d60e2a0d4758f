using Dapper;
using Portal.Data.Credit;
using Portal.Data.Database;
using Portal.Data.Reviews;
using Portal.Data.Reviews.Agenda;
using Portal.Data.Scorecards;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Reviews;

/// <summary>Each agenda source against fixtures: the record that needs discussing gives its item (linking to it), the settled one gives none.</summary>
public sealed class AgendaSourceTests
{
    [Theory, OnBothDatabases]
    public async Task Guarantee_misses_and_credits_since_the_last_review_are_on_the_agenda_older_or_voided_ones_are_not(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ReviewWorld.SeedAsync(db);
        var now = db.Clock.GetUtcNow();
        var guarantee = await w.GuaranteeAsync(db);
        await w.ResultAsync(db, guarantee, new DateOnly(2026, 1, 1), "Missed", now.AddDays(-3));
        await w.ResultAsync(db, guarantee, new DateOnly(2025, 12, 1), "Met", now.AddDays(-3));
        await w.ResultAsync(db, guarantee, new DateOnly(2025, 10, 1), "Missed", now.AddDays(-100));
        var credit = await w.PenaltyCreditAsync(db, guarantee, new DateOnly(2026, 1, 1), "Issued", now.AddDays(-3));
        await w.PenaltyCreditAsync(db, guarantee, new DateOnly(2025, 11, 1), "Voided", now.AddDays(-3));

        var items = await new GuaranteeAgendaSource(db.Database).CollectAsync(await w.ContextAsync(db), Ct);

        Assert.Equal([(AgendaSourceKind.GuaranteeMiss, "Guarantee", (long?)guarantee), (AgendaSourceKind.PenaltyCredit, "PenaltyCredit", credit)],
            items.Select(i => (i.Kind, i.Entity!, i.EntityId)));
        Assert.Contains("2026-01-01", items[0].Title);
        Assert.Contains("EUR 123.45", items[1].Title);
    }

    [Theory, OnBothDatabases]
    public async Task Critical_and_overdue_issues_and_waiting_verifications_are_on_the_agenda_closed_or_on_time_ones_are_not(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ReviewWorld.SeedAsync(db);
        var now = db.Clock.GetUtcNow();
        var critical = await w.QualityIssueAsync(db, "Cracked housing", "Critical");
        var overdue = await w.QualityIssueAsync(db, "Scratches", "Minor");
        await w.StepAsync(db, overdue, "D3", now.AddDays(-1), null);
        var onTime = await w.QualityIssueAsync(db, "Label faded", "Minor");
        await w.StepAsync(db, onTime, "D3", now.AddDays(2), null);
        var waiting = await w.QualityIssueAsync(db, "Loose screw", "Major");
        await w.StepAsync(db, waiting, "D6", now.AddDays(-2), now.AddDays(-2));
        var closed = await w.QualityIssueAsync(db, "Old critical", "Critical", "Closed");
        await w.StepAsync(db, closed, "D3", now.AddDays(-9), null);

        var items = await new QualityAgendaSource(db.Database).CollectAsync(await w.ContextAsync(db), Ct);

        Assert.Equal([(AgendaSourceKind.QualityIssue, critical), (AgendaSourceKind.QualityIssue, overdue), (AgendaSourceKind.Verification, waiting)],
            items.Select(i => (i.Kind, i.EntityId!.Value)));
        Assert.Contains("D3 overdue", items[1].Detail);
        Assert.Equal(("QualityIssue", (long?)critical), (items[0].Entity, items[0].EntityId));
    }

    [Theory, OnBothDatabases]
    public async Task Design_requests_waiting_late_or_declined_as_not_a_fit_since_the_last_review_are_on_the_agenda(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ReviewWorld.SeedAsync(db);
        var (now, today) = (db.Clock.GetUtcNow(), DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime));
        var waiting = await w.DesignRequestAsync(db, "New sensor", "Feasibility", today.AddDays(5));
        var late = await w.DesignRequestAsync(db, "Housing", "Prototype", today.AddDays(-4));
        var notAFit = await w.DesignRequestAsync(db, "Tiny pump", "Declined", null, "NotAFit", now.AddDays(-2), "Pumpco P-3");
        await w.DesignRequestAsync(db, "On track", "Design", today.AddDays(10), "Fit", now.AddDays(-20));
        await w.DesignRequestAsync(db, "Released one", "Released", today.AddDays(-40), "Fit", now.AddDays(-50));
        await w.DesignRequestAsync(db, "Declined long ago", "Declined", null, "NotAFit", now.AddDays(-200), "Other");

        var items = await new DesignAgendaSource(db.Database).CollectAsync(await w.ContextAsync(db), Ct);

        Assert.Equal([waiting, late, notAFit], items.Select(i => i.EntityId!.Value).Order());
        Assert.Contains(items, i => i.EntityId == late && i.Detail.Contains("4 day(s) late"));
        Assert.Contains(items, i => i.EntityId == notAFit && i.Detail.Contains("Pumpco P-3"));
    }

    [Theory, OnBothDatabases]
    public async Task Credit_utilisation_overdue_invoices_ending_extensions_and_open_requests_are_on_the_agenda(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ReviewWorld.SeedAsync(db);
        var finance = await w.CreditLineAsync(db, 110_000);
        var customer = await db.ScopeOfAsync(w.World.CustomerLeadAId);
        var extension = (await db.Credit.RequestAsync(customer, w.A, new NewCreditArrangement(CreditArrangementKind.TemporaryExtension, "Stock build",
            new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 25), "EUR", ExtensionMinor: 10_000), Ct))!;
        await db.Credit.ApproveAsync(finance, w.A, extension.Id, null, Ct);
        var request = (await db.Credit.RequestAsync(customer, w.A, new NewCreditArrangement(CreditArrangementKind.TemporaryExtension, "Summer",
            new DateOnly(2026, 6, 1), new DateOnly(2026, 8, 30), "EUR", ExtensionMinor: 5_000), Ct))!;

        var items = await new CreditAgendaSource(db.Credit).CollectAsync(await w.ContextAsync(db), Ct);

        Assert.Equal(4, items.Count);
        Assert.Contains(items, i => i.Title.StartsWith("Credit utilisation at 83.3 %", StringComparison.Ordinal));
        Assert.Contains(items, i => i.Title == "Overdue invoices: EUR 300.00");
        Assert.Contains(items, i => i.EntityId == extension.Id && i.Title == "Credit extension ends on 2026-03-25");
        Assert.Contains(items, i => i.EntityId == request.Id && i.Title.StartsWith("Credit request waiting", StringComparison.Ordinal));
        Assert.All(items, i => Assert.True(i.Entity is "CreditLine" or "CreditArrangement", i.Entity));
    }

    [Theory, OnBothDatabases]
    public async Task A_roomy_line_without_arrangements_proposes_only_the_overdue_invoices(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ReviewWorld.SeedAsync(db);
        var finance = await w.CreditLineAsync(db, 10_000_000);
        var customer = await db.ScopeOfAsync(w.World.CustomerLeadAId);
        var declined = (await db.Credit.RequestAsync(customer, w.A, new NewCreditArrangement(CreditArrangementKind.TemporaryExtension, "Stock build",
            new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 25), "EUR", ExtensionMinor: 10_000), Ct))!;
        await db.Credit.DeclineAsync(finance, w.A, declined.Id, "No", Ct);

        var items = await new CreditAgendaSource(db.Credit).CollectAsync(await w.ContextAsync(db), Ct);

        Assert.Equal(["Overdue invoices: EUR 300.00"], items.Select(i => i.Title));
    }

    [Theory, OnBothDatabases]
    public async Task Loans_due_back_or_overdue_are_on_the_agenda_returned_or_far_off_ones_are_not(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ReviewWorld.SeedAsync(db);
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        var overdue = await w.LoanAsync(db, "S-1", "ReturnDue", today.AddDays(-3));
        var endingSoon = await w.LoanAsync(db, "S-2", "InUse", today.AddDays(10));
        await w.LoanAsync(db, "S-3", "InUse", today.AddDays(60));
        await w.LoanAsync(db, "S-4", "Returned", today.AddDays(-3));

        var items = await new LoanAgendaSource(db.Database).CollectAsync(await w.ContextAsync(db), Ct);

        Assert.Equal([(overdue, "Loan overdue: Spectrometer (S-1)"), (endingSoon, "Loan due for return: Spectrometer (S-2)")], items.Select(i => (i.EntityId!.Value, i.Title)));
        Assert.Equal(("EquipmentLoan", (long?)overdue), (items[0].Entity, items[0].EntityId));
    }

    [Theory, OnBothDatabases]
    public async Task A_source_never_reads_another_partnership(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ReviewWorld.SeedAsync(db);
        await w.QualityIssueAsync(db, "Cracked housing", "Critical");
        var outsider = await db.ScopeOfAsync(w.World.CustomerLeadBId);
        var context = (await w.ContextAsync(db)) with { Scope = outsider };

        Assert.Empty(await new QualityAgendaSource(db.Database).CollectAsync(context, Ct));
        Assert.Empty(await new CreditAgendaSource(db.Credit).CollectAsync(context, Ct));
    }
    [Theory, OnBothDatabases]
    public async Task Open_health_alerts_and_the_latest_months_red_and_amber_metrics_are_on_the_agenda_green_closed_and_other_partnerships_are_not(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ReviewWorld.SeedAsync(db);
        var (before, latest) = (new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 1));
        await ReviewWorld.SnapshotAsync(db, w.A, before, (ScorecardMetric.OnTimeInFull, 92_000, "Green"), (ScorecardMetric.InvoicesPaidOnTime, 70_000, "Amber"));
        var current = await ReviewWorld.SnapshotAsync(db, w.A, latest, (ScorecardMetric.OnTimeInFull, 61_500, "Red"), (ScorecardMetric.InvoicesPaidOnTime, 70_000, "Amber"),
            (ScorecardMetric.QualityPpm, 120_000, "Green"), (ScorecardMetric.LoansOverdue, null, "NoData"), (ScorecardMetric.OverdueAmount, 1_234_500_000, "Red"));
        var open = await AlertAsync(db, w.A, current, latest, "Supplier", "Open");
        await AlertAsync(db, w.A, current, latest, "Customer", "Closed");
        await AlertAsync(db, w.B, await ReviewWorld.SnapshotAsync(db, w.B, latest, (ScorecardMetric.OnTimeInFull, 10_000, "Red")), latest, "Supplier", "Open");

        var items = await new HealthAgendaSource(db.HealthAlerts, db.Scorecards).CollectAsync(await w.ContextAsync(db), Ct);

        Assert.Equal([(AgendaSourceKind.HealthAlert, "HealthAlert", (long?)open), (AgendaSourceKind.ScorecardMetric, "ScorecardSnapshot", current),
            (AgendaSourceKind.ScorecardMetric, "ScorecardSnapshot", current), (AgendaSourceKind.ScorecardMetric, "ScorecardSnapshot", current)],
            items.Select(i => (i.Kind, i.Entity!, i.EntityId)));
        Assert.Equal("Health alert: supplier side green → red in February 2026", items[0].Title);
        Assert.Equal(("On time in full is red in February 2026", "61.5 % against a target of 95 %; -30.5 % against the month before."), (items[1].Title, items[1].Detail));
        Assert.Equal("1,234,500.00 EUR against a target of 95.00 EUR; no month before to compare.", items[2].Detail);
        Assert.Contains("the same as the month before", items[3].Detail);
    }

    private static async Task<long> AlertAsync(TestDatabase db, long partnershipId, long snapshotId, DateOnly month, string side, string state)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        return await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO health_alerts (partnership_id, snapshot_id, month, side, from_state, to_state, from_score_milli, to_score_milli, raised_at, state)
            VALUES (@partnershipId, @snapshotId, @month, @side, 'Green', 'Red', 85000, 40000, @Now, @state) RETURNING id
            """, new { partnershipId, snapshotId, month, side, state, Now = db.Clock.GetUtcNow() });
    }
}
