using System.Text.Json;
using System.Text.Json.Serialization;

namespace Portal.Data.Scorecards;

/// <summary>One metric of a snapshot as its row keeps it (<c>scorecard_snapshots.metrics_json</c>).</summary>
internal sealed record StoredMetric(ScorecardMetric Metric, ScorecardSide Side, long Numerator, long Denominator, long? ValueMilli, long TargetMilli,
    long FloorMilli, int Weight, long? ScoreMilli, HealthState State, string SourceTable, IReadOnlyList<long> EvidenceIds);

/// <summary>
/// A snapshot's metrics, kept as one JSON array in the snapshot's own row. They are only ever read with their snapshot
/// and never change after it is stored, and the night a month closes then writes one row a partnership instead of
/// seventeen (bench/RESULTS.md, B4: the 8,000 metric rows of 500 snapshots were a third of the job).
/// </summary>
internal static class StoredMetrics
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly Dictionary<ScorecardMetric, int> Order = ScorecardRules.Definitions.Select((d, i) => (d.Metric, i)).ToDictionary(x => x.Metric, x => x.i);

    public static string Write(IEnumerable<StoredMetric> metrics) => JsonSerializer.Serialize(metrics, Options);

    /// <summary>The metrics of a snapshot's <c>metrics_json</c>, in the order of the definitions (the page's and the CSV's).</summary>
    public static IEnumerable<SnapshotMetric> Read(long snapshotId, string formulaVersion, string json) =>
        (JsonSerializer.Deserialize<List<StoredMetric>>(json, Options) ?? [])
            .Select(m => new SnapshotMetric
            {
                SnapshotId = snapshotId, Metric = m.Metric, Side = m.Side, Numerator = m.Numerator, Denominator = m.Denominator, ValueMilli = m.ValueMilli,
                TargetMilli = m.TargetMilli, FloorMilli = m.FloorMilli, Weight = m.Weight, ScoreMilli = m.ScoreMilli, State = m.State,
                SourceTable = m.SourceTable, EvidenceIds = m.EvidenceIds, FormulaVersion = formulaVersion,
            })
            .OrderBy(m => Order[m.Metric]);
}
