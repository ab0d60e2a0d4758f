using System.Data.Common;
using Dapper;
using Portal.Data.Database;
using Portal.Data.Guarantees;
using Portal.Data.Scorecards;
using Portal.Data.Tests.Infrastructure;
using Portal.Data.Tenancy;

namespace Portal.Data.Tests.Scorecards;

/// <summary>
/// Design stages finished within their target and action items done on time, against February 2026 worked out by hand
/// (<see cref="SeedAsync"/>): A's stages 2 of 5 (40 %), its supplier-owned items 1 of 3 (33.3 %), its customer-owned
/// items 1 of 2 (50 %); B's one stage on time (100 %); January has nothing due on either side: no data.
/// </summary>
public sealed class TimelinessMetricsTests
{
    [Theory, OnBothDatabases]
    public async Task February_measures_as_worked_out_by_hand_and_january_has_no_data(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ScorecardWorld.SeedAsync(db);
        var f = await SeedAsync(db, w);
        var both = CallerScope.ForSystem("scorecards", w.A, w.B);
        var (from, to) = (ScorecardWorld.February, ScorecardWorld.February.AddMonths(1).AddDays(-1));

        var stages = await db.ScorecardMetrics.DesignStagesOnTimeAsync(both, [w.A, w.B], from, to, Ct);
        var items = await db.ScorecardMetrics.ActionItemsOnTimeAsync(both, [w.A, w.B], from, to, Ct);
        var february = await db.ScorecardMetrics.MeasureMonthAsync(w.Job, w.A, ScorecardWorld.February, Ct);
        var january = await db.ScorecardMetrics.MeasureMonthAsync(w.Job, w.A, ScorecardWorld.January, Ct);
        var outsider = await db.ScorecardMetrics.DesignStagesOnTimeAsync(await db.ScopeOfAsync(w.World.CustomerLeadBId), [w.A], from, to, Ct);

        Assert.Equal((40m, 2L, 5L), Inputs(stages[w.A]));
        Assert.Equal(f.LateStages, stages[w.A].SourceIds);
        Assert.Equal((100m, 1L, 1L), Inputs(stages[w.B]));
        Assert.Empty(stages[w.B].SourceIds);
        Assert.Equal((33.3m, 1L, 3L), Inputs(items[(w.A, ScorecardSide.Supplier)]));
        Assert.Equal(f.LateSupplierItems, items[(w.A, ScorecardSide.Supplier)].SourceIds);
        Assert.Equal((50m, 1L, 2L), Inputs(items[(w.A, ScorecardSide.Customer)]));
        Assert.Equal(f.LateCustomerItems, items[(w.A, ScorecardSide.Customer)].SourceIds);
        Assert.Equal((null, 0L, 0L), Inputs(items[(w.B, ScorecardSide.Customer)]));
        Assert.Equal(stages[w.A], february[ScorecardMetric.DesignStagesOnTime], MeasurementComparer.Instance);
        Assert.Equal(items[(w.A, ScorecardSide.Supplier)], february[ScorecardMetric.SupplierActionItemsOnTime], MeasurementComparer.Instance);
        Assert.Equal(items[(w.A, ScorecardSide.Customer)], february[ScorecardMetric.CustomerActionItemsOnTime], MeasurementComparer.Instance);
        Assert.All(new[] { ScorecardMetric.DesignStagesOnTime, ScorecardMetric.SupplierActionItemsOnTime, ScorecardMetric.CustomerActionItemsOnTime },
            metric => Assert.Equal((null, 0L, 0L), Inputs(january[metric])));
        Assert.Equal((null, 0L, 0L), Inputs(outsider[w.A]));
    }

    [Theory, OnBothDatabases]
    public async Task The_stored_month_scores_them_and_drills_down_to_the_records(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ScorecardWorld.SeedAsync(db);
        var f = await SeedAsync(db, w);
        var customer = await db.ScopeOfAsync(w.World.CustomerLeadAId);

        await db.Scorecard.CatchUpAsync(w.Job, w.A, Ct);
        var february = (await db.Scorecards.GetAsync(customer, w.A, ScorecardWorld.February, Ct))!.Current;
        var january = (await db.Scorecards.GetAsync(customer, w.A, ScorecardWorld.January, Ct))!.Current;
        var (_, stageRows) = (await db.Scorecards.GetEvidenceAsync(customer, w.A, ScorecardWorld.February, ScorecardMetric.DesignStagesOnTime, Ct))!.Value;
        var (_, itemRows) = (await db.Scorecards.GetEvidenceAsync(customer, w.A, ScorecardWorld.February, ScorecardMetric.SupplierActionItemsOnTime, Ct))!.Value;

        // 40 % against 90 → 60: 0; 33.3 % against 90 → 50: 0; 50 % against 90 → 50: 0. All red, all counted.
        Assert.Equal((40m, 0m, HealthState.Red, 10), Scored(february.Metric(ScorecardMetric.DesignStagesOnTime)!));
        Assert.Equal((33.3m, 0m, HealthState.Red, 5), Scored(february.Metric(ScorecardMetric.SupplierActionItemsOnTime)!));
        Assert.Equal((50m, 0m, HealthState.Red, 10), Scored(february.Metric(ScorecardMetric.CustomerActionItemsOnTime)!));
        Assert.Equal(HealthState.NoData, january.Metric(ScorecardMetric.DesignStagesOnTime)!.State);
        Assert.Equal(HealthState.NoData, january.Metric(ScorecardMetric.CustomerActionItemsOnTime)!.State);
        // The fixture's feasibility stages that ended in February took 6, 8 and 9 working days: 7.7, scoring 73.
        // Supplier (0×25 + 100×20 + 73×5 + 100×5 + 0×10 + 98×5 + 0×10 + 0×5) / 85 = 39.5; customer (100×30 + 100×20 + 100×15 + 0×10) / 75 = 86.7.
        Assert.Equal((7.7m, 73m), (february.Metric(ScorecardMetric.FeasibilityTurnaroundDays)!.Value, february.Metric(ScorecardMetric.FeasibilityTurnaroundDays)!.Score));
        Assert.Equal((39.5m, 86.7m), (february.Snapshot.SupplierScore, february.Snapshot.CustomerScore));
        Assert.Equal(f.LateStages.Order(), stageRows.Select(r => r.Id).Order());
        Assert.All(stageRows, r => Assert.Equal("DesignRequest", r.Entity));
        Assert.Equal(new DateOnly?[] { new(2026, 2, 5), new(2026, 2, 25), new(2026, 2, 27) }, stageRows.Select(r => r.DueOn));
        Assert.Equal(f.LateSupplierItems, itemRows.Select(r => r.Id));
        Assert.All(itemRows, r => Assert.Equal(("ActionItem", (long?)r.Id), (r.Entity, r.EntityId)));
        Assert.Equal(new DateOnly?[] { new(2026, 2, 11), null }, itemRows.Select(r => r.DoneOn));
    }

    private sealed record Fixture(List<long> LateStages, List<long> LateSupplierItems, List<long> LateCustomerItems);

    /// <summary>
    /// A's stages due in February: on time a day early and on the day; late by two days, still open, and ended by a
    /// withdrawal after its planned end; left out, one withdrawn before its planned end and one planned for March.
    /// Action items due in February: supplier-owned done at 23:30 on the due day (on time), at midnight after it (late),
    /// still open (late), dropped the day before (left out); customer-owned dropped after the due day (missed), done
    /// early (on time), and one due in March.
    /// </summary>
    private static async Task<Fixture> SeedAsync(TestDatabase db, ScorecardWorld w)
    {
        await using var c = await db.Database.OpenAsync(Ct);
        var late = new List<long>();
        await StageAsync(c, w.A, "Feasibility", D(2, 1), D(2, 10), D(2, 9));
        await StageAsync(c, w.A, "Design", D(2, 2), D(2, 20), D(2, 20));
        late.Add(await StageAsync(c, w.A, "Prototype", D(1, 20), D(2, 25), D(2, 27)));
        late.Add(await StageAsync(c, w.A, "Validation", D(2, 1), D(2, 27), null));
        await StageAsync(c, w.A, "Feasibility", D(2, 2), D(2, 16), D(2, 12), withdrawn: true);
        late.Add(await StageAsync(c, w.A, "Design", D(1, 10), D(2, 5), D(2, 9), withdrawn: true));
        await StageAsync(c, w.A, "Feasibility", D(2, 16), D(3, 2), D(2, 27));
        await StageAsync(c, w.B, "Feasibility", D(2, 1), D(2, 10), D(2, 10));
        var agenda = await AgendaItemAsync(c, w.A);
        await ItemAsync(c, w.A, agenda, w.World.AccountLeadId, false, D(2, 10), "Done", At(2, 10, 23, 30));
        var s2 = await ItemAsync(c, w.A, agenda, w.World.AccountLeadId, false, D(2, 10), "Done", At(2, 11, 0, 0));
        var s3 = await ItemAsync(c, w.A, agenda, w.World.AccountLeadId, false, D(2, 20), "Open", null);
        await ItemAsync(c, w.A, agenda, w.World.AccountLeadId, false, D(2, 20), "Dropped", At(2, 19, 9, 0));
        var c1 = await ItemAsync(c, w.A, agenda, w.World.CustomerLeadAId, true, D(2, 27), "Dropped", At(3, 2, 9, 0));
        await ItemAsync(c, w.A, agenda, w.World.CustomerLeadAId, true, D(2, 15), "Done", At(2, 1, 9, 0));
        await ItemAsync(c, w.A, agenda, w.World.CustomerLeadAId, true, D(3, 2), "Open", null);
        return new Fixture(late.Order().ToList(), [s2, s3], [c1]);
    }

    private static async Task<long> StageAsync(DbConnection c, long partnershipId, string stage, DateOnly started, DateOnly plannedEnd, DateOnly? endedOn, bool withdrawn = false)
    {
        var now = At(1, 1, 0, 0);
        var requestId = await c.ExecuteScalarAsync<long>(
            """
            INSERT INTO design_requests (partnership_id, title, application, operating_conditions, annual_volume, currency, standards, description, stage, created_at, updated_at)
            VALUES (@partnershipId, @title, '', '', 1, 'EUR', '', '', @Stage, @now, @now) RETURNING id
            """, new { partnershipId, title = $"{stage} planned {plannedEnd:MM-dd}", Stage = withdrawn ? "Withdrawn" : stage, now });
        var id = await c.ExecuteScalarAsync<long>(
            "INSERT INTO design_request_stages (design_request_id, stage, started_on, planned_end, ended_on) VALUES (@requestId, @stage, @started, @plannedEnd, @endedOn) RETURNING id",
            new { requestId, stage, started, plannedEnd, endedOn });
        if (withdrawn)
        {
            await c.ExecuteAsync(
                "INSERT INTO design_request_stages (design_request_id, stage, started_on, ended_on) VALUES (@requestId, 'Withdrawn', @endedOn, @endedOn)",
                new { requestId, endedOn });
        }
        return id;
    }

    private static async Task<long> AgendaItemAsync(DbConnection c, long partnershipId)
    {
        var at = At(1, 15, 9, 0);
        var reviewId = await c.ExecuteScalarAsync<long>(
            """
            INSERT INTO reviews (partnership_id, state, title, starts_at, time_zone, duration_minutes, scheduled_by_name, scheduled_at)
            VALUES (@partnershipId, 'Closed', 'January review', @at, 'UTC', 60, 'Test', @at) RETURNING id
            """, new { partnershipId, at });
        return await c.ExecuteScalarAsync<long>(
            "INSERT INTO review_agenda_items (review_id, partnership_id, position, source_kind, title) VALUES (@reviewId, @partnershipId, 1, 'Manual', 'Open points') RETURNING id",
            new { reviewId, partnershipId });
    }

    private static Task<long> ItemAsync(DbConnection c, long partnershipId, long agendaItemId, long ownerUserId, bool ownerCustomer, DateOnly dueOn, string state, DateTimeOffset? closedAt) =>
        c.ExecuteScalarAsync<long>(
            """
            INSERT INTO review_action_items (partnership_id, review_id, agenda_item_id, title, owner_user_id, owner_customer, due_on, state, created_by_name, created_at, closed_at)
            SELECT @partnershipId, review_id, id, @title, @ownerUserId, @ownerCustomer, @dueOn, @state, 'Test', @createdAt, @closedAt
            FROM review_agenda_items WHERE id = @agendaItemId
            RETURNING id
            """,
            new { partnershipId, agendaItemId, title = $"{state} due {dueOn:MM-dd}", ownerUserId, ownerCustomer, dueOn, state, createdAt = At(1, 15, 10, 0), closedAt });

    private static DateOnly D(int month, int day) => new(2026, month, day);

    private static DateTimeOffset At(int month, int day, int hour, int minute) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    private static (decimal?, long, long) Inputs(Measurement m) => (m.Value, m.Numerator, m.Denominator);

    private static (decimal?, decimal?, HealthState, int) Scored(SnapshotMetric m) => (m.Value, m.Score, m.State, m.Weight);

    private sealed class MeasurementComparer : IEqualityComparer<Measurement>
    {
        public static readonly MeasurementComparer Instance = new();

        public bool Equals(Measurement? x, Measurement? y) =>
            x is not null && y is not null && (x.Value, x.Numerator, x.Denominator, x.SourceTable) == (y.Value, y.Numerator, y.Denominator, y.SourceTable)
            && x.SourceIds.SequenceEqual(y.SourceIds);

        public int GetHashCode(Measurement obj) => HashCode.Combine(obj.Value, obj.Numerator, obj.Denominator);
    }
}
