using Portal.Data.Partnerships;

namespace Portal.Data.DesignRequests;

public enum DesignStage
{
    Submitted,
    Feasibility,
    Design,
    Prototype,
    Validation,
    Released,
    Declined,
    Withdrawn,
}

public enum FitVerdict
{
    Fit,
    Marginal,
    NotAFit,
}

public sealed record DesignRequest
{
    public long Id { get; init; }
    public long PartnershipId { get; init; }
    public required string Title { get; init; }
    public required string Application { get; init; }
    public required string OperatingConditions { get; init; }
    public long AnnualVolume { get; init; }
    public long? TargetPriceMinor { get; init; }
    public required string Currency { get; init; }
    public DateOnly? NeededBy { get; init; }
    public required string Standards { get; init; }
    public required string Description { get; init; }
    public DesignStage Stage { get; init; }
    public long? StageOwnerUserId { get; init; }
    public string? StageOwnerName { get; init; }
    public DateOnly? StagePlannedEnd { get; init; }
    public FitVerdict? Verdict { get; init; }
    public string? VerdictConditions { get; init; }
    public string? AlternativeName { get; init; }
    public string? AlternativeReason { get; init; }
    public string? AlternativeLink { get; init; }
    public DateTimeOffset? VerdictAt { get; init; }
    public long? RaisedByUserId { get; init; }
    public string? RaisedByName { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public long? Number { get; init; }
    public string PartnershipCode { get; init; } = "";

    /// <summary>How people name the request: "NOR-DR-12".</summary>
    public string Reference => RecordNumbers.Format(PartnershipCode, RecordKind.DesignRequest, Number, Id);

    public bool IsOpen => DesignTransitions.IsOpen(Stage);

    public bool IsOverdue(DateOnly today) => IsOpen && StagePlannedEnd is { } end && end < today;
}

/// <summary>One stage the request went through: who owned it, when it should have ended and when it did.</summary>
public sealed record DesignStageEntry
{
    public long Id { get; init; }
    public DesignStage Stage { get; init; }
    public long? OwnerUserId { get; init; }
    public string? OwnerName { get; init; }
    public DateOnly StartedOn { get; init; }
    public DateOnly? PlannedEnd { get; init; }
    public DateOnly? EndedOn { get; init; }

    public bool IsLate(DateOnly today) => PlannedEnd is { } planned && (EndedOn ?? today) > planned;
}

/// <summary>A comment for both sides, or an internal note (supplier only) when <see cref="IsInternal"/>.</summary>
public sealed record DesignComment
{
    public long Id { get; init; }
    public long? AuthorUserId { get; init; }
    public required string AuthorName { get; init; }
    public required string Body { get; init; }
    public bool IsInternal { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>The structured intake of a new request. The target price is in the partnership's currency.</summary>
public sealed record DesignRequestInput(
    string Title,
    string Application,
    string OperatingConditions,
    long AnnualVolume,
    long? TargetPriceMinor,
    DateOnly? NeededBy,
    string Standards,
    string Description);

/// <summary>The outcome of feasibility. Marginal needs conditions; Not a fit needs the recommended alternative.</summary>
public sealed record VerdictInput(FitVerdict Verdict, string? Conditions, string? AlternativeName, string? AlternativeReason, string? AlternativeLink);

/// <summary>The columns the list sorts by; the number is the order requests were raised in.</summary>
public enum DesignRequestSort
{
    Number,
    Title,
    Stage,
    StageDue,
    NeededBy,
    Volume,
}

/// <summary>What narrows and orders the list; <see cref="Search"/> looks in the number, title and application.</summary>
public sealed record DesignRequestFilter(DesignStage? Stage = null, long? OwnerUserId = null, bool OverdueOnly = false, DesignRequestSort Sort = DesignRequestSort.Number,
    bool Descending = false, string? Search = null);

/// <summary>Everything the details page shows, already filtered for the caller (internal notes and supplier-only files).</summary>
public sealed record DesignRequestDetails(
    DesignRequest Request,
    IReadOnlyList<DesignStageEntry> Stages,
    IReadOnlyList<DesignComment> Comments,
    IReadOnlyList<Attachments.Attachment> Attachments);
