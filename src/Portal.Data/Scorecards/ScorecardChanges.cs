namespace Portal.Data.Scorecards;

public enum ScorecardSnapshotChange
{
    Computed,
    Recomputed,
}

public enum HealthAlertChange
{
    Raised,
    Closed,
}

public enum ScorecardTargetsChange
{
    Set,
}

/// <summary>A partnership's scorecard targets that differ from the defaults, as the trail keeps them.</summary>
public sealed record ScorecardTargetsState(IReadOnlyList<ScorecardTargetOverride> Overrides);

public sealed record ScorecardTargetOverride(string Metric, decimal Target, decimal Floor, int Weight);
