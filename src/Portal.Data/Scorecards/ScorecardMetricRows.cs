using System.Data.Common;
using Dapper;
using Portal.Data.Database;

namespace Portal.Data.Scorecards;

/// <summary>One row of <c>scorecard_metrics</c>: a metric of a stored snapshot, as judged, with the rows behind it.</summary>
internal sealed record MetricRow(long SnapshotId, string Metric, string Side, long Numerator, long Denominator, long? ValueMilli, long TargetMilli, long FloorMilli,
    int Weight, long? ScoreMilli, string State, string SourceTable, string EvidenceIdsJson);

/// <summary>
/// Writes the metric rows of a batch of snapshots (sixteen a snapshot, thousands on the night a month closes) the way each
/// database takes many rows best. PostgreSQL: one INSERT from <c>unnest</c> over one typed array per column, bound as
/// they are. SQLite, which has no array parameters: one prepared multi-row INSERT, executed again with the next rows'
/// values; JSON rows (<see cref="Dialect.JsonRows"/>) cost SQLite twice the processor time there, each row's object
/// parsed again for its columns.
/// </summary>
internal static class ScorecardMetricRows
{
    /// <summary>
    /// Rows a SQLite statement: each value is bound by its name, which SQLite looks up among the statement's parameters
    /// one by one, so a few rows a statement are cheaper than hundreds.
    /// </summary>
    private const int SqliteRowsAStatement = 10;

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

    private static async Task<int> InsertSqliteAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<MetricRow> rows, CancellationToken cancellationToken)
    {
        var inserted = 0;
        var whole = rows.Count / SqliteRowsAStatement;
        if (whole > 0)
        {
            await using var command = SqliteCommand(connection, transaction, SqliteRowsAStatement);
            for (var i = 0; i < whole; i++)
            {
                inserted += await ExecuteAsync(command, rows, i * SqliteRowsAStatement, cancellationToken);
            }
        }
        if (rows.Count % SqliteRowsAStatement is var rest and > 0)
        {
            await using var command = SqliteCommand(connection, transaction, rest);
            inserted += await ExecuteAsync(command, rows, whole * SqliteRowsAStatement, cancellationToken);
        }
        return inserted;
    }

    /// <summary>An INSERT of <paramref name="count"/> rows, its parameters in row order (@p0 … @p12 the first row's columns).</summary>
    private static DbCommand SqliteCommand(DbConnection connection, DbTransaction transaction, int count)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var values = Enumerable.Range(0, count).Select(row => $"({string.Join(", ", Columns.Select((_, column) => $"@p{(row * Columns.Length) + column}"))}, @formula)");
        command.CommandText = $"INSERT INTO scorecard_metrics ({string.Join(", ", Columns)}, formula_version) VALUES {string.Join(", ", values)}";
        var formula = command.CreateParameter();
        formula.ParameterName = "@formula";
        formula.Value = ScorecardRules.FormulaVersion;
        command.Parameters.Add(formula);
        for (var i = 0; i < count * Columns.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static Task<int> ExecuteAsync(DbCommand command, IReadOnlyList<MetricRow> rows, int first, CancellationToken cancellationToken)
    {
        var parameter = 1;
        for (var i = first; i < first + ((command.Parameters.Count - 1) / Columns.Length); i++)
        {
            var row = rows[i];
            foreach (var value in (object?[])[row.SnapshotId, row.Metric, row.Side, row.Numerator, row.Denominator, row.ValueMilli, row.TargetMilli, row.FloorMilli,
                row.Weight, row.ScoreMilli, row.State, row.SourceTable, row.EvidenceIdsJson])
            {
                command.Parameters[parameter++].Value = value ?? DBNull.Value;
            }
        }
        return command.ExecuteNonQueryAsync(cancellationToken);
    }
}
