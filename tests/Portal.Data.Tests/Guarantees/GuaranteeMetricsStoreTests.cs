using Dapper;
using Portal.Data.Database;
using Portal.Data.Guarantees;
using Portal.Data.Quality;
using Portal.Data.Tests.Erp;
using Portal.Data.Tests.Infrastructure;
using Portal.Data.Tests.Quality;

namespace Portal.Data.Tests.Guarantees;

/// <summary>Known answers from <see cref="SampleHistory"/> (see its summary for which line arrived when).</summary>
public sealed class GuaranteeMetricsStoreTests
{
    [Theory, OnBothDatabases]
    public async Task On_time_in_full_counts_lines_due_in_the_window(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var q = await QualityWorld.SeedAsync(db);
        var lead = await db.ScopeOfAsync(q.World.AccountLeadId);
        var p = q.World.PartnershipAId;

        // January: line 1 (10 due 10 Jan) arrived whole on 9 Jan, a day early.
        var january = await db.GuaranteeMetrics.OnTimeInFullAsync(lead, p, new(2026, 1, 1), new(2026, 1, 31), earlyCountsAsOnTime: true, Ct);
        var januaryStrict = await db.GuaranteeMetrics.OnTimeInFullAsync(lead, p, new(2026, 1, 1), new(2026, 1, 31), earlyCountsAsOnTime: false, Ct);
        // February: line 2 came two days late; line 3 came half on time and half late.
        var february = await db.GuaranteeMetrics.OnTimeInFullAsync(lead, p, new(2026, 2, 1), new(2026, 2, 28), earlyCountsAsOnTime: true, Ct);
        // December 2024: PO-0900 arrived exactly on its due date, which is on time either way.
        var december = await db.GuaranteeMetrics.OnTimeInFullAsync(lead, p, new(2024, 12, 1), new(2024, 12, 31), earlyCountsAsOnTime: false, Ct);
        var march = await db.GuaranteeMetrics.OnTimeInFullAsync(lead, p, new(2026, 3, 1), new(2026, 3, 31), earlyCountsAsOnTime: true, Ct);

        Assert.Equal((100m, 1L, 1L), (january.Value!.Value, january.Numerator, january.Denominator));
        Assert.Equal((0m, 0L, 1L), (januaryStrict.Value!.Value, januaryStrict.Numerator, januaryStrict.Denominator));
        Assert.Equal((0m, 0L, 2L), (february.Value!.Value, february.Numerator, february.Denominator));
        Assert.Equal(await LineIdsAsync(db, p, 2, 3), february.SourceIds);
        Assert.Equal("purchase_order_lines", february.SourceTable);
        Assert.Equal(100m, december.Value);
        Assert.Null(march.Value);

        var outsider = await db.GuaranteeMetrics.OnTimeInFullAsync(await db.ScopeOfAsync(q.World.CustomerLeadBId), p, new(2026, 2, 1), new(2026, 2, 28), true, Ct);
        Assert.Null(outsider.Value);
    }

    [Theory, OnBothDatabases]
    public async Task Ppm_is_the_quality_issues_ppm_with_its_issues_as_evidence(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var q = await QualityWorld.SeedAsync(db);
        var lead = await db.ScopeOfAsync(q.World.AccountLeadId);
        var p = q.World.PartnershipAId;
        var issue = await db.QualityIssues.RaiseAsync(lead, p, q.Cracked(Severity.Major, affected: 4), [], Ct);

        // Raised 2 March: 4 affected against the 2 delivered on 1 March (ppm can exceed a million when the batch is small).
        var march = await db.GuaranteeMetrics.PpmAsync(lead, p, new(2026, 3, 1), new(2026, 3, 31), Ct);
        var february = await db.GuaranteeMetrics.PpmAsync(lead, p, new(2026, 2, 1), new(2026, 2, 28), Ct);
        var empty = await db.GuaranteeMetrics.PpmAsync(lead, p, new(2025, 6, 1), new(2025, 6, 30), Ct);

        Assert.Equal((2_000_000m, 4L, 2L), (march.Value!.Value, march.Numerator, march.Denominator));
        Assert.Equal([issue!.Id], march.SourceIds);
        Assert.Equal((0m, 0L, 11L), (february.Value!.Value, february.Numerator, february.Denominator));
        Assert.Null(empty.Value);
    }

    [Theory, OnBothDatabases]
    public async Task Containment_on_time_counts_issues_whose_D3_fell_due_in_the_window(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var q = await QualityWorld.SeedAsync(db);
        var lead = await db.ScopeOfAsync(q.World.AccountLeadId);
        var p = q.World.PartnershipAId;
        var ids = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add((await db.QualityIssues.RaiseAsync(lead, p, q.Cracked(), [], Ct))!.Id);
        }
        // Due in February: one contained early, one exactly on time, one late, one never; the fourth is due in March.
        await SetD3Async(db, ids[0], Instant(2, 10), Instant(2, 9));
        await SetD3Async(db, ids[1], Instant(2, 11), Instant(2, 11));
        await SetD3Async(db, ids[2], Instant(2, 12), Instant(2, 14));
        await SetD3Async(db, ids[3], Instant(2, 28, 23), null);
        var marchIssue = (await db.QualityIssues.RaiseAsync(lead, p, q.Cracked(), [], Ct))!.Id;
        await SetD3Async(db, marchIssue, Instant(3, 1), null);

        var february = await db.GuaranteeMetrics.ContainmentOnTimeAsync(lead, p, new(2026, 2, 1), new(2026, 2, 28), Ct);
        var january = await db.GuaranteeMetrics.ContainmentOnTimeAsync(lead, p, new(2026, 1, 1), new(2026, 1, 31), Ct);

        Assert.Equal((50m, 2L, 4L), (february.Value!.Value, february.Numerator, february.Denominator));
        Assert.Equal([ids[2], ids[3]], february.SourceIds);
        Assert.Null(january.Value);
    }

    [Theory, OnBothDatabases]
    public async Task Feasibility_turnaround_averages_working_days_of_stages_ended_in_the_window(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var lead = await db.ScopeOfAsync(world.AccountLeadId);
        var p = world.PartnershipAId;
        // Mon 2 Feb to Fri 6 Feb: 4 working days. Fri 6 Feb to Tue 17 Feb: 7. Ended in March and a Design stage: not counted.
        var counted = new[]
        {
            await AddStageAsync(db, p, "Feasibility", new(2026, 2, 2), new(2026, 2, 6)),
            await AddStageAsync(db, p, "Feasibility", new(2026, 2, 6), new(2026, 2, 17)),
        };
        await AddStageAsync(db, p, "Feasibility", new(2026, 2, 20), new(2026, 3, 2));
        await AddStageAsync(db, p, "Design", new(2026, 2, 2), new(2026, 2, 20));
        await AddStageAsync(db, world.PartnershipBId, "Feasibility", new(2026, 2, 2), new(2026, 2, 27));

        var february = await db.GuaranteeMetrics.FeasibilityTurnaroundAsync(lead, p, new(2026, 2, 1), new(2026, 2, 28), Ct);
        var january = await db.GuaranteeMetrics.FeasibilityTurnaroundAsync(lead, p, new(2026, 1, 1), new(2026, 1, 31), Ct);

        Assert.Equal((5.5m, 11L, 2L), (february.Value!.Value, february.Numerator, february.Denominator));
        Assert.Equal(counted, february.SourceIds);
        Assert.Null(january.Value);
    }

    [Theory, OnBothDatabases]
    public async Task Invoiced_sums_invoices_issued_in_the_window_in_the_currency(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var q = await QualityWorld.SeedAsync(db);
        var lead = await db.ScopeOfAsync(q.World.AccountLeadId);
        var p = q.World.PartnershipAId;

        Assert.Equal(120_000, await db.GuaranteeMetrics.InvoicedAsync(lead, p, new(2026, 2, 1), new(2026, 2, 28), "eur", Ct));
        Assert.Equal(100_000, await db.GuaranteeMetrics.InvoicedAsync(lead, p, new(2026, 1, 1), new(2026, 1, 31), "EUR", Ct));
        Assert.Equal(0, await db.GuaranteeMetrics.InvoicedAsync(lead, p, new(2026, 2, 1), new(2026, 2, 28), "USD", Ct));
        Assert.Equal(0, await db.GuaranteeMetrics.InvoicedAsync(await db.ScopeOfAsync(q.World.CustomerLeadBId), p, new(2026, 2, 1), new(2026, 2, 28), "EUR", Ct));
    }

    private static DateTimeOffset Instant(int month, int day, int hour = 9) => new(2026, month, day, hour, 0, 0, TimeSpan.Zero);

    private static async Task SetD3Async(TestDatabase db, long issueId, DateTimeOffset dueAt, DateTimeOffset? doneAt)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        await connection.ExecuteAsync("UPDATE quality_issue_steps SET due_at = @dueAt, done_at = @doneAt WHERE issue_id = @issueId AND step = 'D3'",
            new { issueId, dueAt, doneAt });
        await connection.ExecuteAsync("UPDATE quality_issues SET containment_due_at = @dueAt WHERE id = @issueId", new { issueId, dueAt });
    }

    private static async Task<long> AddStageAsync(TestDatabase db, long partnershipId, string stage, DateOnly startedOn, DateOnly endedOn)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        var now = db.Clock.GetUtcNow();
        var requestId = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO design_requests (partnership_id, title, application, operating_conditions, annual_volume, currency, standards, description, stage, created_at, updated_at)
            VALUES (@partnershipId, 'Housing', 'Pump', 'Wet', 1000, 'EUR', '', '', @stage, @now, @now) RETURNING id
            """, new { partnershipId, stage, now });
        return await connection.ExecuteScalarAsync<long>(
            "INSERT INTO design_request_stages (design_request_id, stage, started_on, ended_on) VALUES (@requestId, @stage, @startedOn, @endedOn) RETURNING id",
            new { requestId, stage, startedOn, endedOn });
    }

    private static async Task<IReadOnlyList<long>> LineIdsAsync(TestDatabase db, long partnershipId, params int[] lineNumbers)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        return (await connection.QueryAsync<long>(
            $"""
            SELECT l.id FROM purchase_order_lines l JOIN purchase_orders o ON o.id = l.purchase_order_id
            WHERE o.partnership_id = @partnershipId AND o.external_id = 'PO-1001' AND {db.Database.Dialect.IsIn("l.line_no", "@lineNumbers")}
            ORDER BY l.id
            """, new { partnershipId, lineNumbers })).ToList();
    }
}
