using System.Data.Common;
using System.Text.Json;
using Dapper;
using Portal.Data.Database;

namespace Portal.Data.Scorecards;

/// <summary>One row of <c>scorecard_metrics</c>: a metric of a stored snapshot, as judged, with the rows behind it.</summary>
internal sealed record MetricRow(long SnapshotId, string Metric, string Side, long Numerator, long Denominator, long? ValueMilli, long TargetMilli, long FloorMilli,
    int Weight, long? ScoreMilli, string State, string SourceTable, string EvidenceIdsJson);

/// <summary>
/// Writes the metric rows of a batch of snapshots (sixteen a snapshot, thousands on the night a month closes) in one
/// statement, the way each database takes many rows best. PostgreSQL: <c>unnest</c> over one typed array per column, bound
/// as they are. SQLite, which has no array parameters: one JSON array (<see cref="Dialect.JsonRows"/>) written straight
/// to UTF-8; bound values would cost more there, each one looked up by name among the statement's parameters.
/// </summary>
internal static class ScorecardMetricRows
{
    private static readonly string[] Columns =
    [
        "snapshot_id", "metric", "side", "numerator", "denominator", "value_milli", "target_milli", "floor_milli", "weight", "score_milli", "state",
        "source_table", "evidence_ids_json",
    ];

    public static Task<int> InsertAsync(DbConnection connection, DbTransaction transaction, Dialect dialect, IReadOnlyList<MetricRow> rows, CancellationToken cancellationToken) =>
        rows.Count == 0 ? Task.FromResult(0)
        : dialect.IsPostgres ? InsertPostgresAsync(connection, transaction, rows, cancellationToken)
        : InsertSqliteAsync(connection, transaction, rows, cancellationToken);

    private static Task<int> InsertPostgresAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<MetricRow> rows, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO scorecard_metrics ({string.Join(", ", Columns)}, formula_version)
            SELECT {string.Join(", ", Columns.Select(c => $"r.{c}"))}, @FormulaVersion
            FROM unnest(@SnapshotIds, @Metrics, @Sides, @Numerators, @Denominators, @Values, @Targets, @Floors, @Weights, @Scores, @States, @Sources, @Evidence)
                AS r ({string.Join(", ", Columns)})
            """,
            new
            {
                ScorecardRules.FormulaVersion,
                SnapshotIds = rows.Select(r => r.SnapshotId).ToArray(), Metrics = rows.Select(r => r.Metric).ToArray(), Sides = rows.Select(r => r.Side).ToArray(),
                Numerators = rows.Select(r => r.Numerator).ToArray(), Denominators = rows.Select(r => r.Denominator).ToArray(),
                Values = rows.Select(r => r.ValueMilli).ToArray(), Targets = rows.Select(r => r.TargetMilli).ToArray(), Floors = rows.Select(r => r.FloorMilli).ToArray(),
                Weights = rows.Select(r => r.Weight).ToArray(), Scores = rows.Select(r => r.ScoreMilli).ToArray(), States = rows.Select(r => r.State).ToArray(),
                Sources = rows.Select(r => r.SourceTable).ToArray(), Evidence = rows.Select(r => r.EvidenceIdsJson).ToArray(),
            }, transaction, cancellationToken: cancellationToken));

    private static Task<int> InsertSqliteAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<MetricRow> rows, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO scorecard_metrics ({string.Join(", ", Columns)}, formula_version)
            SELECT {string.Join(", ", Columns.Select(c => $"r.{c}"))}, @FormulaVersion FROM {Dialect.Sqlite.JsonRows("@rows", [.. Columns.Select(c => (c, ""))])}
            """,
            new
            {
                ScorecardRules.FormulaVersion,
                rows = JsonRows.Of(rows, (json, row) =>
                {
                    json.WriteNumber("snapshot_id", row.SnapshotId);
                    json.WriteString("metric", row.Metric);
                    json.WriteString("side", row.Side);
                    json.WriteNumber("numerator", row.Numerator);
                    json.WriteNumber("denominator", row.Denominator);
                    WriteNullable(json, "value_milli", row.ValueMilli);
                    json.WriteNumber("target_milli", row.TargetMilli);
                    json.WriteNumber("floor_milli", row.FloorMilli);
                    json.WriteNumber("weight", row.Weight);
                    WriteNullable(json, "score_milli", row.ScoreMilli);
                    json.WriteString("state", row.State);
                    json.WriteString("source_table", row.SourceTable);
                    json.WriteString("evidence_ids_json", row.EvidenceIdsJson);
                }),
            }, transaction, cancellationToken: cancellationToken));

    private static void WriteNullable(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
