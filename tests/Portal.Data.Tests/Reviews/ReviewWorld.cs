using System.Text.Json;
using Dapper;
using Portal.Data.Credit;
using Portal.Data.Reviews;
using Portal.Data.Reviews.Agenda;
using Portal.Data.Scorecards;
using Portal.Data.Tenancy;
using Portal.Data.Tests.Erp;
using Portal.Data.Tests.Infrastructure;
using Portal.Data.Users;

namespace Portal.Data.Tests.Reviews;

/// <summary>
/// The world with <see cref="SampleHistory"/> in partnership A (items, invoices: 1000.00 open, 300.00 overdue on 2 March
/// 2026), a finance person on A, and fixtures for every agenda source written straight into the tables, each in a "needs
/// discussing" and a "settled" variant.
/// </summary>
public sealed record ReviewWorld(World World, long FinanceId, long ItemId)
{
    public long A => World.PartnershipAId;
    public long B => World.PartnershipBId;

    public static async Task<ReviewWorld> SeedAsync(TestDatabase db)
    {
        var world = await World.SeedAsync(db);
        await db.ErpRecords.ImportHistoryAsync(CallerScope.ForSystem("test sync", world.PartnershipAId), world.PartnershipAId, SampleHistory.Build(), Ct);
        var finance = (await db.Users.CreateAsync(World.Bootstrap, new NewUser(world.SupplierOrgId, "fred.finance@acme.test", "Fred", PortalRole.Finance), null, Ct)).Id;
        await db.Partnerships.AssignMemberAsync(World.Bootstrap with { PartnershipIds = [world.PartnershipAId] }, world.PartnershipAId, finance, Ct);
        await using var connection = await db.Database.OpenAsync(Ct);
        var item = await connection.ExecuteScalarAsync<long>("SELECT MIN(id) FROM items WHERE partnership_id = @A", new { A = world.PartnershipAId });
        return new ReviewWorld(world, finance, item);
    }

    public ReviewSchedule Schedule(DateTime? localStart = null, params long[] attendees) =>
        new("Q1 review", localStart ?? new DateTime(2026, 3, 9, 10, 0, 0), "Europe/Berlin", 60, "Room 4", "https://meet.example/q1",
            attendees.Length > 0 ? attendees : [World.AccountLeadId, World.CustomerLeadAId, World.CustomerEngineerAId]);

    public async Task<(Review Review, CallerScope Lead)> OpenReviewAsync(TestDatabase db, DateTime? localStart = null)
    {
        var lead = await db.ScopeOfAsync(World.AccountLeadId);
        var review = (await db.Reviews.ScheduleAsync(lead, A, Schedule(localStart), Ct))!;
        return ((await db.Reviews.OpenAsync(lead, A, review.Id, Ct))!, lead);
    }

    public async Task<AgendaContext> ContextAsync(TestDatabase db, DateTimeOffset? since = null) =>
        new(await db.ScopeOfAsync(World.AccountLeadId), A, 0, db.Clock.GetUtcNow(), since ?? db.Clock.GetUtcNow().AddDays(-30));

    public static Task<long> Insert(TestDatabase db, string sql, object parameters) => Exec(db, async c => await c.ExecuteScalarAsync<long>(sql, parameters));

    public async Task<long> QualityIssueAsync(TestDatabase db, string title, string severity, string state = "Open")
    {
        var id = await Insert(db, """
            INSERT INTO quality_issues (partnership_id, title, description, severity, state, item_id, quantity_affected, quantity_inspected, raised_by_name, raised_by_customer, raised_at, containment_due_at)
            VALUES (@A, @title, 'x', @severity, @state, @ItemId, 1, 10, 'Arno', TRUE, @Now, @Now) RETURNING id
            """, new { A, title, severity, state, ItemId, Now = db.Clock.GetUtcNow().AddDays(-5) });
        return id;
    }

    public Task StepAsync(TestDatabase db, long issueId, string step, DateTimeOffset dueAt, DateTimeOffset? doneAt) =>
        Insert(db, "INSERT INTO quality_issue_steps (issue_id, partnership_id, step, due_at, done_at) VALUES (@issueId, @A, @step, @dueAt, @doneAt) RETURNING issue_id",
            new { issueId, A, step, dueAt, doneAt });

    public Task<long> DesignRequestAsync(TestDatabase db, string title, string stage, DateOnly? plannedEnd, string? verdict = null, DateTimeOffset? verdictAt = null, string? alternative = null) =>
        Insert(db, """
            INSERT INTO design_requests (partnership_id, title, application, operating_conditions, annual_volume, currency, standards, description, stage,
                stage_planned_end, verdict, alternative_name, verdict_at, created_at, updated_at)
            VALUES (@A, @title, 'a', 'b', 100, 'EUR', '', 'd', @stage, @plannedEnd, @verdict, @alternative, @verdictAt, @Now, @Now) RETURNING id
            """, new { A, title, stage, plannedEnd, verdict, alternative, verdictAt, Now = db.Clock.GetUtcNow().AddDays(-60) });

    public async Task<long> GuaranteeAsync(TestDatabase db)
    {
        var now = db.Clock.GetUtcNow();
        return await Insert(db, """
            INSERT INTO guarantees (partnership_id, metric, target_milli, comparison, period, penalty_kind, penalty_basis_points, cap_minor, currency, effective_from, created_at, updated_at)
            VALUES (@A, 'OnTimeInFull', 95000, 'AtLeast', 'Month', 'PercentOfInvoiced', 200, 100000, 'EUR', '2025-01-01', @now, @now) RETURNING id
            """, new { A, now });
    }

    public Task ResultAsync(TestDatabase db, long guaranteeId, DateOnly periodStart, string outcome, DateTimeOffset evaluatedAt) =>
        Insert(db, """
            INSERT INTO guarantee_results (guarantee_id, partnership_id, period_start, period_end, outcome, measured_milli, numerator, denominator, evaluated_at)
            VALUES (@guaranteeId, @A, @periodStart, @PeriodEnd, @outcome, 80000, 8, 10, @evaluatedAt) RETURNING guarantee_id
            """, new { guaranteeId, A, periodStart, PeriodEnd = periodStart.AddMonths(1).AddDays(-1), outcome, evaluatedAt });

    public Task<long> PenaltyCreditAsync(TestDatabase db, long guaranteeId, DateOnly periodStart, string state, DateTimeOffset issuedAt) =>
        Insert(db, """
            INSERT INTO penalty_credits (partnership_id, guarantee_id, period_start, period_end, amount_minor, currency, reason, measured_milli, target_milli,
                invoiced_minor, source_table, source_ids_json, state, issued_at)
            VALUES (@A, @guaranteeId, @periodStart, @PeriodEnd, 12345, 'EUR', 'On time in full 80 % < 95 %', 80000, 95000, 600000, 'deliveries', '[]', @state, @issuedAt) RETURNING id
            """, new { A, guaranteeId, periodStart, PeriodEnd = periodStart.AddMonths(1).AddDays(-1), state, issuedAt });

    public async Task<long> LoanAsync(TestDatabase db, string serial, string state, DateOnly endsOn)
    {
        var equipment = await Insert(db, """
            INSERT INTO equipment (name, model, serial, value_minor, currency, condition, created_at) VALUES ('Spectrometer', 'S-1', @serial, 100000, 'EUR', 'Good', @Now) RETURNING id
            """, new { serial, Now = db.Clock.GetUtcNow() });
        return await Insert(db, """
            INSERT INTO equipment_loans (partnership_id, equipment_id, purpose, starts_on, ends_on, monthly_fee_minor, deposit_minor, currency, state, requested_by_name, requested_by_customer, requested_at)
            VALUES (@A, @equipment, 'Trial', @StartsOn, @endsOn, 0, 0, 'EUR', @state, 'Arno', TRUE, @Now) RETURNING id
            """, new { A, equipment, StartsOn = endsOn.AddMonths(-3), endsOn, state, Now = db.Clock.GetUtcNow() });
    }

    public async Task<CallerScope> CreditLineAsync(TestDatabase db, long limitMinor)
    {
        var finance = await db.ScopeOfAsync(FinanceId);
        await db.Credit.SetLineAsync(finance, A, new CreditLineInput(limitMinor, "EUR", 30, false), Ct);
        return finance;
    }

    /// <summary>A scorecard month written straight into the tables (revision 1, sides red and amber, every target 95, floor 50, weight 10).</summary>
    public static async Task<long> SnapshotAsync(TestDatabase db, long partnershipId, DateOnly month, params (ScorecardMetric Metric, long? ValueMilli, string State)[] metrics)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        // The metrics as the snapshot row keeps them: one JSON array, one array a metric.
        var metricsJson = JsonSerializer.Serialize(metrics.Select(m => new object?[]
        {
            m.Metric.ToString(), ScorecardRules.Definition(m.Metric).Side.ToString(), 0, 0, m.ValueMilli, 95000, 50000, 10, m.ValueMilli, m.State, "fixture", Array.Empty<long>(),
        }));
        return await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO scorecard_snapshots (partnership_id, month, revision, formula_version, currency, supplier_score_milli, supplier_state, customer_state, metrics_json, computed_at, computed_by_name)
            VALUES (@partnershipId, @month, 1, 'test', 'EUR', 40000, 'Red', 'Amber', @metricsJson, @Now, 'Fixture') RETURNING id
            """, new { partnershipId, month, metricsJson, Now = db.Clock.GetUtcNow() });
    }

    private static async Task<T> Exec<T>(TestDatabase db, Func<System.Data.Common.DbConnection, Task<T>> work)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        return await work(connection);
    }
}
