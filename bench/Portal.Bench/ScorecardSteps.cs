using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Portal.Data.Scorecards;

namespace Portal.Bench;

/// <summary>
/// Where the scorecard computation's time goes: listens to its activities (<see cref="ScorecardTelemetry"/>) and adds up
/// each step's time while it is attached. Steps nest: "measure" holds the "measure ..." reads, "store (transaction)" the
/// "store ..." writes and, beyond them, the BEGIN and COMMIT.
/// </summary>
public sealed class ScorecardSteps : IDisposable
{
    private readonly ConcurrentDictionary<string, (TimeSpan Total, int Count)> _steps = new();
    private readonly ActivityListener _listener;

    public ScorecardSteps()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ScorecardTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity => _steps.AddOrUpdate(activity.DisplayName, (activity.Duration, 1), (_, s) => (s.Total + activity.Duration, s.Count + 1)),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Clear() => _steps.Clear();

    /// <summary>The time spent in one step, all its calls together (zero when it did not run).</summary>
    public TimeSpan Total(string step) => _steps.TryGetValue(step, out var s) ? s.Total : TimeSpan.Zero;

    /// <summary>One line per step, slowest first within the reads and the writes, with its share of <paramref name="whole"/>.</summary>
    public IEnumerable<string> Lines(TimeSpan whole) =>
        _steps.OrderBy(s => s.Key.StartsWith("store", StringComparison.Ordinal)).ThenBy(s => s.Key.Contains(' ', StringComparison.Ordinal)).ThenByDescending(s => s.Value.Total)
            .Select(s => string.Create(CultureInfo.InvariantCulture,
                $"  {s.Key,-32} {Latency.Ms(s.Value.Total),10} {s.Value.Total / whole,6:P0}{(s.Value.Count > 1 ? $" ({s.Value.Count} calls)" : "")}"));

    public void Dispose() => _listener.Dispose();
}
