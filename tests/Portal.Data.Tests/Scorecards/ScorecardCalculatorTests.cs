using Dapper;
using Portal.Data.ChangeFeed;
using Portal.Data.Database;
using Portal.Data.Scorecards;
using Portal.Data.Tests.Infrastructure;
using Portal.Data.Tenancy;

namespace Portal.Data.Tests.Scorecards;

public sealed class ScorecardCalculatorTests
{
    // PO-0900 was ordered on 1 November 2024: from then to February 2026.
    private const int MonthsSinceFirstOrder = 16;

    [Theory, OnBothDatabases]
    public async Task A_catch_up_stores_every_closed_month_since_the_first_order_as_worked_out(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ScorecardWorld.SeedAsync(db);

        var summary = await db.Scorecard.CatchUpAsync(w.Job, w.A, Ct);
        var february = (await db.Scorecards.GetAsync(w.Job, w.A, ScorecardWorld.February, Ct))!;
        var january = (await db.Scorecards.GetAsync(w.Job, w.A, ScorecardWorld.January, Ct))!;

        Assert.Equal(new CatchUpSummary(MonthsSinceFirstOrder, 1), summary);
        Assert.Equal((46m, HealthState.Red, 100m, HealthState.Green),
            (february.Current.Snapshot.SupplierScore, february.Current.Snapshot.SupplierState, february.Current.Snapshot.CustomerScore, february.Current.Snapshot.CustomerState));
        Assert.Equal((100m, HealthState.Green, null, HealthState.InsufficientData),
            (january.Current.Snapshot.SupplierScore, january.Current.Snapshot.SupplierState, january.Current.Snapshot.CustomerScore, january.Current.Snapshot.CustomerState));
        Assert.Equal(ScorecardRules.FormulaVersion, february.Current.Snapshot.FormulaVersion);
        Assert.All(february.Current.Metrics, m => Assert.Equal(ScorecardRules.FormulaVersion, m.FormulaVersion));
        var otif = february.Current.Metric(ScorecardMetric.OnTimeInFull)!;
        Assert.Equal((0L, 2L, 0m, 95m, 80m, 25, 0m, HealthState.Red), (otif.Numerator, otif.Denominator, otif.Value, otif.Target, otif.Floor, otif.Weight, otif.Score, otif.State));
        Assert.Equal(HealthState.NoData, february.Current.Metric(ScorecardMetric.FeasibilityTurnaroundDays)!.State);
        Assert.Equal(new TrendOf(Trend.Down, -100m), february.TrendOf(ScorecardMetric.OnTimeInFull));
        Assert.Equal(new TrendOf(Trend.Down, -54m), february.TrendOf(ScorecardSide.Supplier));
        Assert.Equal(MonthsSinceFirstOrder, await CountAsync(db, "SELECT COUNT(*) FROM scorecard_snapshots WHERE partnership_id = @A", w.A));
        Assert.Equal(MonthsSinceFirstOrder, await CountAsync(db, $"SELECT COUNT(*) FROM change_feed WHERE partnership_id = @A AND entity = '{FeedEntity.ScorecardSnapshot}'", w.A));
    }

    [Theory, OnBothDatabases]
    public async Task Two_runs_at_once_and_a_retry_store_one_snapshot_per_month_and_one_alert(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ScorecardWorld.SeedAsync(db);

        var runs = await Task.WhenAll(db.Scorecard.CatchUpAsync(w.Job, w.A, Ct), db.Scorecard.CatchUpAsync(w.Job, w.A, Ct));
        var retry = await db.Scorecard.CatchUpAsync(w.Job, w.A, Ct);

        Assert.Equal(MonthsSinceFirstOrder, runs.Sum(r => r.MonthsComputed));
        Assert.Equal(1, runs.Sum(r => r.AlertsRaised));
        Assert.Equal(new CatchUpSummary(0, 0), retry);
        Assert.Equal(MonthsSinceFirstOrder, await CountAsync(db, "SELECT COUNT(*) FROM scorecard_snapshots WHERE partnership_id = @A", w.A));
        var history = await db.Scorecards.GetHistoryAsync(w.Job, w.A, DateOnly.MinValue, DateOnly.MaxValue, Ct);
        Assert.Equal(MonthsSinceFirstOrder, history.Count);
        Assert.All(history, month => Assert.Equal(ScorecardRules.Definitions.Select(d => d.Metric), month.Metrics.Select(m => m.Metric)));
        Assert.Equal(1, await CountAsync(db, "SELECT COUNT(*) FROM health_alerts WHERE partnership_id = @A", w.A));
    }

    [Theory, OnBothDatabases]
    public async Task A_missed_month_is_caught_up_and_a_new_one_follows(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ScorecardWorld.SeedAsync(db);
        await db.Scorecard.CatchUpAsync(w.Job, w.A, Ct);
        await using (var connection = await db.Database.OpenAsync(Ct))
        {
            // As if the process had been down when January was due: no snapshot for it.
            await connection.ExecuteAsync(
                """
                DELETE FROM health_alerts WHERE partnership_id = @A;
                DELETE FROM scorecard_snapshots WHERE partnership_id = @A AND month = @January;
                """, new { w.A, ScorecardWorld.January });
        }
        db.Clock.Advance(TimeSpan.FromDays(62)); // 3 May: March and April have closed too

        var summary = await db.Scorecard.CatchUpAsync(w.Job, w.A, Ct);

        Assert.Equal(3, summary.MonthsComputed);
        Assert.NotNull(await db.Scorecards.GetAsync(w.Job, w.A, ScorecardWorld.January, Ct));
        Assert.Equal(new DateOnly(2026, 4, 1), (await db.Scorecards.GetAsync(w.Job, w.A, null, Ct))!.Current.Snapshot.Month);
    }

    [Theory, OnBothDatabases]
    public async Task A_drop_alerts_the_leads_once_feeds_it_and_leaves_it_open(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ScorecardWorld.SeedAsync(db);

        await db.Scorecard.CatchUpAsync(w.Job, w.A, Ct);
        await db.Scorecard.RecomputeAsync(await db.ScopeOfAsync(w.World.AdminId), w.A, ScorecardWorld.February, "Late receipts", Ct);

        var alert = Assert.Single(await db.HealthAlerts.GetOpenAsync(await db.ScopeOfAsync(w.World.CustomerLeadAId), w.A, Ct));
        Assert.Equal((ScorecardSide.Supplier, HealthState.Green, HealthState.Red, 100m, 46m, ScorecardWorld.February),
            (alert.Side, alert.FromState, alert.ToState, alert.FromScore, alert.ToScore, alert.Month));
        foreach (var lead in new[] { w.World.AccountLeadId, w.World.CustomerLeadAId })
        {
            var notes = (await db.Notifications.GetPageAsync(lead, false, 1, Ct)).Items.Where(n => n.Title.StartsWith("Partnership health", StringComparison.Ordinal)).ToList();
            var note = Assert.Single(notes);
            Assert.Equal(("HealthAlert", (long?)alert.Id), (note.Entity, note.EntityId));
        }
        Assert.Equal(1, await CountAsync(db, $"SELECT COUNT(*) FROM change_feed WHERE partnership_id = @A AND entity = '{FeedEntity.HealthAlert}'", w.A));
        Assert.Empty(await db.HealthAlerts.GetOpenAsync(await db.ScopeOfAsync(w.World.CustomerLeadBId), w.A, Ct));
    }

    [Theory, OnBothDatabases]
    public async Task A_recompute_stores_revision_2_beside_1_with_who_and_why_and_the_same_figures(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ScorecardWorld.SeedAsync(db);
        await db.Scorecard.CatchUpAsync(w.Job, w.A, Ct);
        var lead = await db.ScopeOfAsync(w.World.AccountLeadId);

        var second = (await db.Scorecard.RecomputeAsync(lead, w.A, ScorecardWorld.February, "  Late receipts from the ERP  ", Ct))!;
        var view = (await db.Scorecards.GetAsync(lead, w.A, ScorecardWorld.February, Ct))!;

        Assert.Equal((2, "Late receipts from the ERP", "lou.lead"), (second.Revision, second.Reason, second.ComputedByName));
        Assert.Equal([2, 1], view.Revisions.Select(r => r.Revision));
        Assert.Equal(second.Id, view.Current.Snapshot.Id);
        // Same data, same snapshot: revision 2 keeps exactly the metrics revision 1 keeps.
        await using (var connection = await db.Database.OpenAsync(Ct))
        {
            var kept = (await connection.QueryAsync<string>("SELECT metrics_json FROM scorecard_snapshots WHERE id = @First OR id = @Second",
                new { First = view.Revisions[0].Id, Second = view.Revisions[1].Id })).ToList();
            Assert.Equal(2, kept.Count);
            Assert.Equal(kept[0], kept[1]);
            Assert.Contains("[\"OnTimeInFull\",\"Supplier\",", kept[0], StringComparison.Ordinal);
        }
        var trail = await AuditRows.ForEntityAsync(db, "ScorecardSnapshot", second.Id);
        Assert.Equal(("Recomputed", "lou.lead"), (Assert.Single(trail).Action, trail[0].ActorName));
        Assert.Contains("Late receipts from the ERP", trail[0].AfterJson);
    }

    [Theory, OnBothDatabases]
    public async Task Only_the_account_team_recomputes_and_only_its_own_partnerships(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ScorecardWorld.SeedAsync(db);
        await db.Scorecard.CatchUpAsync(w.Job, w.A, Ct);

        var customer = await db.ScopeOfAsync(w.World.CustomerLeadAId);
        var admin = await db.ScopeOfAsync(w.World.AdminId);
        await Assert.ThrowsAsync<ScopeException>(() => db.Scorecard.RecomputeAsync(customer, w.A, ScorecardWorld.February, "x", Ct));
        await Assert.ThrowsAsync<ValidationException>(() => db.Scorecard.RecomputeAsync(admin, w.A, ScorecardWorld.February, " ", Ct));
        Assert.Null(await db.Scorecard.RecomputeAsync(await db.ScopeOfAsync(w.World.AccountLeadId), w.B, ScorecardWorld.February, "not mine", Ct));
        Assert.Null(await db.Scorecard.RecomputeAsync(await db.ScopeOfAsync(w.World.AdminId), w.A, new DateOnly(2020, 1, 1), "never computed", Ct));
        Assert.Null(await db.Scorecards.GetAsync(await db.ScopeOfAsync(w.World.CustomerLeadBId), w.A, ScorecardWorld.February, Ct));
        Assert.Null(await db.Scorecards.GetEvidenceAsync(await db.ScopeOfAsync(w.World.CustomerLeadBId), w.A, ScorecardWorld.February, ScorecardMetric.OnTimeInFull, Ct));
        Assert.NotNull(await db.Scorecards.GetAsync(await db.ScopeOfAsync(w.World.CustomerEngineerAId), w.A, ScorecardWorld.February, Ct));
    }

    [Theory, OnBothDatabases]
    public async Task The_late_lines_behind_on_time_in_full_are_its_evidence(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ScorecardWorld.SeedAsync(db);
        await db.Scorecard.CatchUpAsync(w.Job, w.A, Ct);
        var customer = await db.ScopeOfAsync(w.World.CustomerLeadAId);

        var (metric, rows) = (await db.Scorecards.GetEvidenceAsync(customer, w.A, ScorecardWorld.February, ScorecardMetric.OnTimeInFull, Ct))!.Value;
        var (_, credits) = (await db.Scorecards.GetEvidenceAsync(customer, w.A, ScorecardWorld.February, ScorecardMetric.PenaltyCreditsIssued, Ct))!.Value;

        Assert.Equal(ScorecardMetric.OnTimeInFull, metric.Metric);
        Assert.Equal(
            [("PO-1001 line 2", "Shaft", new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 3), 5L, 0L), ("PO-1001 line 3", "Bracket", new DateOnly(2026, 2, 15), new DateOnly(2026, 2, 20), 6L, 3L)],
            rows.Select(r => (r.Reference, r.Detail, r.DueOn!.Value, r.DoneOn!.Value, r.Quantity!.Value, r.QuantityDone!.Value)));
        Assert.Equal(10_000L, Assert.Single(credits).AmountMinor);
        Assert.Equal(("PenaltyCredit", (long?)credits[0].Id), (credits[0].Entity, credits[0].EntityId));
    }

    [Theory, OnBothDatabases]
    public async Task The_set_based_month_stores_the_same_snapshot_as_the_catch_up_of_one_partnership(DatabaseProvider provider)
    {
        await using var one = await TestDatabase.CreateMigratedAsync(provider);
        await using var set = await TestDatabase.CreateMigratedAsync(provider);
        var w1 = await ScorecardWorld.SeedAsync(one);
        var w2 = await ScorecardWorld.SeedAsync(set);
        var both = CallerScope.ForSystem("scorecards", w2.A, w2.B);

        var caughtUp = await one.Scorecard.CatchUpAsync(w1.Job, w1.A, Ct);
        var january = await set.Scorecard.ComputeMonthAsync(both, [w2.A, w2.B], ScorecardWorld.January, Ct);
        var february = await set.Scorecard.ComputeMonthAsync(both, [w2.A, w2.B], ScorecardWorld.February, Ct);
        var again = await set.Scorecard.ComputeMonthAsync(both, [w2.A, w2.B], ScorecardWorld.February, Ct);

        Assert.Equal((2, 0), (january.MonthsComputed, january.AlertsRaised));
        // B has A's delivery history, so its supplier side falls too: one alert each.
        Assert.Equal((2, 2), (february.MonthsComputed, february.AlertsRaised));
        Assert.Equal(new CatchUpSummary(0, 0), again);
        Assert.Equal(1, caughtUp.AlertsRaised);
        foreach (var month in new[] { ScorecardWorld.January, ScorecardWorld.February })
        {
            Assert.Equal(await StoredAsync(one, w1.A, month), await StoredAsync(set, w2.A, month));
        }
        Assert.Equal(1, await CountAsync(set, "SELECT COUNT(*) FROM health_alerts WHERE partnership_id = @A", w2.A));
        Assert.Equal(2, await CountAsync(set, $"SELECT COUNT(*) FROM change_feed WHERE partnership_id = @A AND entity = '{FeedEntity.ScorecardSnapshot}'", w2.A));
    }

    /// <summary>A stored month with everything but its row ids and the time it was computed at, as text to compare.</summary>
    private static async Task<string> StoredAsync(TestDatabase db, long partnershipId, DateOnly month)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        var snapshot = await connection.QuerySingleAsync<(int, string, string, long?, string, long?, string, string, string?, string)>(
            """
            SELECT revision, formula_version, currency, supplier_score_milli, supplier_state, customer_score_milli, customer_state, computed_by_name, reason, metrics_json
            FROM scorecard_snapshots WHERE partnership_id = @partnershipId AND month = @month
            """, new { partnershipId, month });
        return snapshot.ToString();
    }

    private static async Task<long> CountAsync(TestDatabase db, string sql, long a)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        return await connection.ExecuteScalarAsync<long>(sql, new { A = a });
    }
}
