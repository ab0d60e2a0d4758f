using System.Diagnostics;

namespace Portal.Data.Scorecards;

/// <summary>
/// The scorecard computation's steps as activities (each metric's read, the scoring, each write, the commit), so that a
/// tracer or the benchmark sees where a month's time goes. Without a listener no activity is created.
/// </summary>
public static class ScorecardTelemetry
{
    public const string SourceName = "Portal.Scorecards";

    private static readonly ActivitySource Source = new(SourceName);

    internal static Activity? Start(string step) => Source.StartActivity(step);

    internal static T Step<T>(string step, Func<T> run)
    {
        using var activity = Start(step);
        return run();
    }

    internal static async Task<T> StepAsync<T>(string step, Func<Task<T>> run)
    {
        using var activity = Start(step);
        return await run();
    }
}
