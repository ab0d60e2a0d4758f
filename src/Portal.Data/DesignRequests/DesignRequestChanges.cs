using Portal.Data.ChangeFeed;

namespace Portal.Data.DesignRequests;

/// <summary>What happens to a design request; the feed's <c>change</c> and the trail's action are these names.</summary>
public enum DesignRequestChange
{
    Raised,
    Advance,
    RecordVerdict,
    Withdraw,
    Commented,
    InternalNoteAdded,
}

/// <summary>
/// A design request as the customer's ERP receives it, version 1. Not the internal record: who raised it and who owns
/// the stage are names, never user ids.
/// </summary>
public sealed record DesignRequestFeedV1(
    long Id, long PartnershipId, string Title, string Application, string OperatingConditions, long AnnualVolume, long? TargetPriceMinor,
    string Currency, DateOnly? NeededBy, string Standards, string Description, DesignStage Stage, string? StageOwnerName, DateOnly? StagePlannedEnd,
    FitVerdict? Verdict, string? VerdictConditions, string? AlternativeName, string? AlternativeReason, string? AlternativeLink, DateTimeOffset? VerdictAt,
    string? RaisedByName, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool IsOpen) : FeedProjection
{
    public static DesignRequestFeedV1 Of(DesignRequest r) => new(
        r.Id, r.PartnershipId, r.Title, r.Application, r.OperatingConditions, r.AnnualVolume, r.TargetPriceMinor, r.Currency, r.NeededBy, r.Standards,
        r.Description, r.Stage, r.StageOwnerName, r.StagePlannedEnd, r.Verdict, r.VerdictConditions, r.AlternativeName, r.AlternativeReason,
        r.AlternativeLink, r.VerdictAt, r.RaisedByName, r.CreatedAt, r.UpdatedAt, r.IsOpen);
}

/// <summary>A stage's target duration for one partnership, as the trail keeps it.</summary>
public sealed record DesignStageTargetState(DesignStage Stage, int WorkingDays);

public enum DesignStageTargetChange
{
    Set,
}
