using Portal.Data.ChangeFeed;

namespace Portal.Data.Scorecards;

/// <summary>Version 1 of what an ERP or BI tool reads of a new snapshot in the change feed: the month, revision and side grades. The metrics are read through ScorecardService.</summary>
public sealed record ScorecardSnapshotFeedV1(long Id, DateOnly Month, int Revision, string FormulaVersion, decimal? SupplierScore, string SupplierState,
    decimal? CustomerScore, string CustomerState, string? Reason) : FeedProjection
{
    public static ScorecardSnapshotFeedV1 Of(ScorecardSnapshot s) =>
        new(s.Id, s.Month, s.Revision, s.FormulaVersion, s.SupplierScore, s.SupplierState.ToString(), s.CustomerScore, s.CustomerState.ToString(), s.Reason);
}

/// <summary>
/// Version 1 of what the change feed carries of a health alert. A closed alert carries when it was closed; who closed it
/// and their note stay in the portal.
/// </summary>
public sealed record HealthAlertFeedV1(long Id, long SnapshotId, DateOnly Month, string Side, string FromState, string ToState, decimal FromScore, decimal ToScore, string State,
    DateTimeOffset? ClosedAt) : FeedProjection
{
    public static HealthAlertFeedV1 Of(HealthAlert a) =>
        new(a.Id, a.SnapshotId, a.Month, a.Side.ToString(), a.FromState.ToString(), a.ToState.ToString(), a.FromScore, a.ToScore, a.State, a.ClosedAt);
}
