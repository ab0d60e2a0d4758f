using System.Collections.Concurrent;
using System.Diagnostics;
using Portal.Data.Database;
using Portal.Data.Scorecards;
using Portal.Data.Tenancy;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Scorecards;

/// <summary>The month's computation reports its steps as activities, so that a tracer or the B4 bench sees where its time goes.</summary>
public sealed class ScorecardTelemetryTests
{
    [Fact]
    public async Task The_set_based_month_reports_each_read_and_write_as_an_activity()
    {
        await using var db = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Sqlite);
        var w = await ScorecardWorld.SeedAsync(db);
        var steps = new ConcurrentBag<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ScorecardTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity => steps.Add(activity.DisplayName),
        };
        ActivitySource.AddActivityListener(listener);

        await db.Scorecard.ComputeMonthAsync(CallerScope.ForSystem("scorecards", w.A), [w.A], ScorecardWorld.January, Ct);

        Assert.Superset(
            new HashSet<string> { "measure", "measure on time in full", "measure ppm", "score", "store (transaction)", "store encode", "store snapshots", "store trail and feed" },
            steps.ToHashSet());
    }
}
