using Dapper;
using Portal.Data.Database;
using Portal.Data.Scorecards;
using Portal.Data.Tenancy;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Scorecards;

/// <summary>Migration 0034 moves each stored snapshot's metric rows into the snapshot's own row, and they read as before.</summary>
public sealed class MetricsInRowMigrationTests
{
    [Theory, OnBothDatabases]
    public async Task Snapshots_stored_as_metric_rows_read_the_same_after_the_migration(DatabaseProvider provider)
    {
        await using var db = await EarlierSchema.CreateBeforeAsync(provider, "0034");
        var w = await World.SeedAsync(db);
        long snapshotId;
        await using (var connection = await db.Database.OpenAsync(Ct))
        {
            snapshotId = await connection.ExecuteScalarAsync<long>(
                """
                INSERT INTO scorecard_snapshots (partnership_id, month, revision, formula_version, currency, supplier_score_milli, supplier_state, customer_state, computed_at, computed_by_name)
                VALUES (@PartnershipAId, @month, 1, 'v1', 'EUR', 81500, 'Amber', 'InsufficientData', @Now, 'Scorecards') RETURNING id
                """, new { w.PartnershipAId, month = new DateOnly(2026, 1, 1), Now = db.Clock.GetUtcNow() });
            await connection.ExecuteAsync(
                """
                INSERT INTO scorecard_metrics (snapshot_id, metric, side, numerator, denominator, value_milli, target_milli, floor_milli, weight, score_milli, state, source_table, evidence_ids_json, formula_version)
                VALUES (@snapshotId, 'QualityPpm', 'Supplier', 3, 1000, 3000000, 500000, 5000000, 15, NULL, 'Amber', 'quality_issues', '[]', 'v1'),
                       (@snapshotId, 'OnTimeInFull', 'Supplier', 17, 20, 850000, 950000, 800000, 30, 500000, 'Amber', 'purchase_order_lines', '[41,7]', 'v1')
                """, new { snapshotId });
        }

        await db.NewMigrator().MigrateAsync(Ct);

        var view = await db.Scorecards.GetAsync(CallerScope.ForSystem("test", w.PartnershipAId), w.PartnershipAId, new DateOnly(2026, 1, 1), Ct);
        Assert.NotNull(view);
        var metrics = view.Current.Metrics;
        // In the order of the definitions, whatever order the rows had.
        Assert.Equal([ScorecardMetric.OnTimeInFull, ScorecardMetric.QualityPpm], metrics.Select(m => m.Metric));
        Assert.Equal(
            (snapshotId, ScorecardSide.Supplier, 17L, 20L, (long?)850000, 950000L, 800000L, 30, (long?)500000, HealthState.Amber, "purchase_order_lines", "v1"),
            (metrics[0].SnapshotId, metrics[0].Side, metrics[0].Numerator, metrics[0].Denominator, metrics[0].ValueMilli, metrics[0].TargetMilli, metrics[0].FloorMilli,
                metrics[0].Weight, metrics[0].ScoreMilli, metrics[0].State, metrics[0].SourceTable, metrics[0].FormulaVersion));
        Assert.Equal([41L, 7L], metrics[0].EvidenceIds);
        Assert.Null(metrics[1].ScoreMilli);
        Assert.Empty(metrics[1].EvidenceIds);
    }
}
