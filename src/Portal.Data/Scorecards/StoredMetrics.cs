using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Portal.Data.Scorecards;

/// <summary>One metric of a snapshot as its row keeps it (<c>scorecard_snapshots.metrics_json</c>).</summary>
internal sealed record StoredMetric(ScorecardMetric Metric, ScorecardSide Side, long Numerator, long Denominator, long? ValueMilli, long TargetMilli,
    long FloorMilli, int Weight, long? ScoreMilli, HealthState State, string SourceTable, IReadOnlyList<long> EvidenceIds);

/// <summary>
/// A snapshot's metrics, kept in the snapshot's own row as one JSON array with one array a metric, its values in the
/// order of <see cref="StoredMetric"/>: <c>["OnTimeInFull","Supplier",820,830,98800,95000,80000,25,100000,"Green","purchase_order_lines",[10020356]]</c>.
/// They are only ever read with their snapshot and never change once stored; the night a month closes writes one row a
/// partnership instead of seventeen, and without property names a snapshot's metrics are a third of the size
/// (bench/RESULTS.md, B4).
/// </summary>
internal static class StoredMetrics
{
    private static readonly Dictionary<ScorecardMetric, int> Order = ScorecardRules.Definitions.Select((d, i) => (d.Metric, i)).ToDictionary(x => x.Metric, x => x.i);

    public static string Write(IEnumerable<StoredMetric> metrics)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var m in metrics)
            {
                json.WriteStartArray();
                json.WriteStringValue(m.Metric.ToString());
                json.WriteStringValue(m.Side.ToString());
                json.WriteNumberValue(m.Numerator);
                json.WriteNumberValue(m.Denominator);
                WriteNullable(json, m.ValueMilli);
                json.WriteNumberValue(m.TargetMilli);
                json.WriteNumberValue(m.FloorMilli);
                json.WriteNumberValue(m.Weight);
                WriteNullable(json, m.ScoreMilli);
                json.WriteStringValue(m.State.ToString());
                json.WriteStringValue(m.SourceTable);
                json.WriteStartArray();
                foreach (var id in m.EvidenceIds)
                {
                    json.WriteNumberValue(id);
                }
                json.WriteEndArray();
                json.WriteEndArray();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The metrics of a snapshot's <c>metrics_json</c>, in the order of the definitions (the page's and the CSV's).</summary>
    public static IEnumerable<SnapshotMetric> Read(long snapshotId, string formulaVersion, string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray()
            .Select(m => new SnapshotMetric
            {
                SnapshotId = snapshotId,
                Metric = Enum.Parse<ScorecardMetric>(m[0].GetString()!),
                Side = Enum.Parse<ScorecardSide>(m[1].GetString()!),
                Numerator = m[2].GetInt64(),
                Denominator = m[3].GetInt64(),
                ValueMilli = Nullable(m[4]),
                TargetMilli = m[5].GetInt64(),
                FloorMilli = m[6].GetInt64(),
                Weight = m[7].GetInt32(),
                ScoreMilli = Nullable(m[8]),
                State = Enum.Parse<HealthState>(m[9].GetString()!),
                SourceTable = m[10].GetString()!,
                EvidenceIds = m[11].EnumerateArray().Select(id => id.GetInt64()).ToList(),
                FormulaVersion = formulaVersion,
            })
            .OrderBy(m => Order[m.Metric])
            .ToList();
    }

    private static void WriteNullable(Utf8JsonWriter json, long? value)
    {
        if (value is { } v) json.WriteNumberValue(v);
        else json.WriteNullValue();
    }

    private static long? Nullable(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetInt64();
}
