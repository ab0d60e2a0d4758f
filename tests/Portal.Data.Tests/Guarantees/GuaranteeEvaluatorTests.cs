using Dapper;
using Portal.Data;
using Portal.Data.Changes;
using Portal.Data.ChangeFeed;
using Portal.Data.Database;
using Portal.Data.Guarantees;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Guarantees;

public sealed class GuaranteeEvaluatorTests
{
    /// <summary>OTIF from January 2026 with early deliveries counted late and a fixed penalty above its cap: every missed month costs the cap.</summary>
    private static readonly GuaranteeInput StrictFixedOtif = GuaranteeWorld.OtifInput with
    {
        PenaltyKind = PenaltyKind.FixedAmount, PenaltyFixedMinor = 250_00, CapMinor = 200_00, EffectiveFrom = new DateOnly(2026, 1, 1), EarlyCountsAsOnTime = false,
    };

    [Theory, OnBothDatabases]
    public async Task A_missed_month_issues_one_capped_credit_with_its_evidence_trail_feed_and_notices(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var g = await GuaranteeWorld.SeedAsync(db);
        var p = g.World.PartnershipAId;

        var summary = await db.GuaranteeEvaluator.EvaluatePartnershipAsync(g.Job, p, Ct);

        Assert.Equal(new EvaluationSummary(4, 1), summary);
        var lead = await db.ScopeOfAsync(g.World.CustomerLeadAId);
        var history = Assert.Single(await db.Guarantees.GetHistoryAsync(lead, p, cancellationToken: Ct));
        Assert.Equal(
            [
                (new DateOnly(2026, 2, 1), PeriodOutcome.Missed, (decimal?)0m, 0L, 2L),
                (new DateOnly(2026, 1, 1), PeriodOutcome.Met, 100m, 1L, 1L),
                (new DateOnly(2025, 12, 1), PeriodOutcome.NoData, null, 0L, 0L),
                (new DateOnly(2025, 11, 1), PeriodOutcome.NoData, null, 0L, 0L),
            ],
            history.Results.Select(r => (r.PeriodStart, r.Outcome, r.Measured, r.Numerator, r.Denominator)));
        var credit = Assert.Single(history.Credits);
        Assert.Equal((100_00L, "EUR", 120_000L, 0m, 95m, PenaltyCreditState.Issued, new DateOnly(2026, 2, 28)),
            (credit.AmountMinor, credit.Currency, credit.InvoicedMinor, credit.Measured, credit.Target, credit.State, credit.PeriodEnd));
        Assert.Equal("purchase_order_lines", credit.SourceTable);
        Assert.Equal(2, System.Text.Json.JsonSerializer.Deserialize<long[]>(credit.SourceIdsJson)!.Length);
        Assert.Contains("0 % against a target of at least 95 %", credit.Reason);

        var audit = Assert.Single(await AuditRows.ForEntityAsync(db, "PenaltyCredit", credit.Id));
        Assert.Equal("Issued", audit.Action);
        var feed = (await db.ChangeFeed.ReadAsync(lead, p, 0, 100, Ct))!.Entries.Where(e => e.Entity == FeedEntity.PenaltyCredit).ToList();
        Assert.Equal(("Issued", credit.Id), (Assert.Single(feed).Change, feed[0].EntityId));
        Assert.DoesNotContain("source", feed[0].DataJson, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, await NoticesAsync(db, g.World.AccountLeadId));
        Assert.Equal(1, await NoticesAsync(db, g.World.CustomerLeadAId));
        Assert.Equal(1, await NoticesAsync(db, g.FinanceId));
        Assert.Equal(0, await NoticesAsync(db, g.World.CustomerLeadBId));
    }

    [Theory, OnBothDatabases]
    public async Task Running_twice_issues_one_credit_and_measures_only_recent_no_data_periods_again(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var g = await GuaranteeWorld.SeedAsync(db);

        await db.GuaranteeEvaluator.EvaluatePartnershipAsync(g.Job, g.World.PartnershipAId, Ct);
        var second = await db.GuaranteeEvaluator.EvaluatePartnershipAsync(g.Job, g.World.PartnershipAId, Ct);

        // December ended 61 days ago and is measured again; November ended 92 days ago and stays no data.
        Assert.Equal(new EvaluationSummary(1, 0), second);
        Assert.Equal((1L, 1L, 1L), await CountsAsync(db));
    }

    [Theory, OnBothDatabases]
    public async Task Two_nodes_evaluating_at_once_issue_one_credit(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var g = await GuaranteeWorld.SeedAsync(db);
        // Two evaluators with their own connection factories, as two nodes would have.
        var nodes = Enumerable.Range(0, 2).Select(_ =>
        {
            var database = new PortalDatabase(db.Options);
            var credits = new PenaltyCreditStore(database, ChangeRecorder.On(database, db.Clock), db.Clock);
            return new GuaranteeEvaluator(database, new GuaranteeMetricsStore(database, new(database)), credits, db.Clock);
        }).ToList();

        var runs = await Task.WhenAll(nodes.Select(n => Task.Run(() => n.EvaluatePartnershipAsync(g.Job, g.World.PartnershipAId, Ct))));

        Assert.Equal(1, runs.Sum(r => r.CreditsIssued));
        Assert.Equal((1L, 1L, 1L), await CountsAsync(db));
    }

    [Theory, OnBothDatabases]
    public async Task A_no_data_period_is_decided_when_its_data_arrives_late(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var g = await GuaranteeWorld.SeedAsync(db);
        var p = g.World.PartnershipAId;
        await db.GuaranteeEvaluator.EvaluatePartnershipAsync(g.Job, p, Ct);
        // A December line synced late, delivered late: December turns from no data to missed (no invoices: no credit).
        await using (var connection = await db.Database.OpenAsync(Ct))
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO purchase_order_lines (partnership_id, purchase_order_id, line_no, item_id, quantity, unit_price_minor, due_on)
                SELECT partnership_id, purchase_order_id, 9, item_id, 1, 100, @dueOn FROM purchase_order_lines WHERE partnership_id = @p AND line_no = 1 LIMIT 1
                """, new { p, dueOn = new DateOnly(2025, 12, 10) });
        }

        var again = await db.GuaranteeEvaluator.EvaluatePartnershipAsync(g.Job, p, Ct);

        Assert.Equal(new EvaluationSummary(1, 0), again);
        var results = (await db.Guarantees.GetHistoryAsync(g.Job, p, cancellationToken: Ct))[0].Results;
        Assert.Equal(PeriodOutcome.Missed, results.Single(r => r.PeriodStart == new DateOnly(2025, 12, 1)).Outcome);
        Assert.Equal(PeriodOutcome.NoData, results.Single(r => r.PeriodStart == new DateOnly(2025, 11, 1)).Outcome);
    }

    [Theory, OnBothDatabases]
    public async Task A_fixed_penalty_is_paid_without_invoices_and_an_unclosed_period_waits(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var g = await GuaranteeWorld.SeedAsync(db);
        var lead = await db.ScopeOfAsync(g.World.AccountLeadId);
        var p = g.World.PartnershipAId;
        // Strict timing: the January line that came a day early is a miss too; March has not ended.
        var strict = await db.Guarantees.CreateAsync(lead, p, StrictFixedOtif, Ct);

        await db.GuaranteeEvaluator.EvaluatePartnershipAsync(g.Job, p, Ct);

        var credits = (await db.Guarantees.GetCreditsAsync(lead, p, Ct)).Where(c => c.GuaranteeId == strict!.Id).ToList();
        Assert.Equal([(new DateOnly(2026, 2, 1), 200_00L), (new DateOnly(2026, 1, 1), 200_00L)], credits.Select(c => (c.PeriodStart, c.AmountMinor)));
    }

    [Theory, OnBothDatabases]
    public async Task Credits_page_newest_period_first_and_the_pages_add_up_to_the_whole_list(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var g = await GuaranteeWorld.SeedAsync(db);
        var lead = await db.ScopeOfAsync(g.World.AccountLeadId);
        var p = g.World.PartnershipAId;
        await db.Guarantees.CreateAsync(lead, p, StrictFixedOtif, Ct);
        await db.GuaranteeEvaluator.EvaluatePartnershipAsync(g.Job, p, Ct);
        var all = await db.Guarantees.GetCreditsAsync(lead, p, Ct);

        var pages = new List<Page<PenaltyCredit>>();
        for (var n = 1; n <= all.Count + 1; n++) pages.Add(await db.Guarantees.GetCreditsPageAsync(lead, p, n, pageSize: 1, Ct));

        Assert.True(all.Count >= 2);
        Assert.All(pages, page => Assert.Equal((all.Count, all.Count), (page.Total, page.PageCount)));
        Assert.Equal(all.Select(c => c.Id), pages.SelectMany(page => page.Items).Select(c => c.Id));
        Assert.Equal(all.OrderByDescending(c => c.PeriodStart).ThenByDescending(c => c.Id).Select(c => c.Id), all.Select(c => c.Id));
        Assert.Equal(0, (await db.Guarantees.GetCreditsPageAsync(await db.ScopeOfAsync(g.World.CustomerEngineerBId), p, 1, cancellationToken: Ct)).Total);
    }

    [Theory, OnBothDatabases]
    public async Task Another_customer_sees_no_guarantee_result_or_credit_and_a_job_is_bound_to_its_partnership(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var g = await GuaranteeWorld.SeedAsync(db);
        var p = g.World.PartnershipAId;
        var outsiderJob = Portal.Data.Tenancy.CallerScope.ForSystem("guarantee evaluation", g.World.PartnershipBId);

        Assert.Equal(new EvaluationSummary(0, 0), await db.GuaranteeEvaluator.EvaluatePartnershipAsync(outsiderJob, p, Ct));
        await db.GuaranteeEvaluator.EvaluatePartnershipAsync(g.Job, p, Ct);

        var b = await db.ScopeOfAsync(g.World.CustomerLeadBId);
        Assert.Empty(await db.Guarantees.GetHistoryAsync(b, p, cancellationToken: Ct));
        Assert.Empty(await db.Guarantees.GetCreditsAsync(b, p, Ct));
        Assert.Null(await db.Guarantees.GetAsync(b, p, g.Otif.Id, Ct));
        var credit = (await db.Guarantees.GetCreditsAsync(g.Job, p, Ct))[0];
        Assert.Null(await db.PenaltyCredits.GetAsync(b, p, credit.Id, Ct));
        Assert.Null(await db.PenaltyCredits.GetAsync(b, g.World.PartnershipBId, credit.Id, Ct));
        Assert.Equal([p], await db.Guarantees.GetPartnershipsWithGuaranteesAsync(Ct));
    }

    private static async Task<long> NoticesAsync(TestDatabase db, long userId)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM notifications WHERE user_id = @userId AND title LIKE 'Penalty credit%'", new { userId });
    }

    private static async Task<(long Credits, long FeedEntries, long AuditRows)> CountsAsync(TestDatabase db)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        return (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM penalty_credits"),
            await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM change_feed WHERE entity = 'PenaltyCredit'"),
            await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'PenaltyCredit'"));
    }
}
