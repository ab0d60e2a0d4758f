using Portal.Data.Partnerships;

namespace Portal.Data.Quality;

public enum Severity
{
    Critical,
    Major,
    Minor,
}

public enum QualityIssueState
{
    Open,
    Closed,
}

/// <summary>The eight disciplines, in the order an issue goes through them.</summary>
public enum EightDStep
{
    D1,
    D2,
    D3,
    D4,
    D5,
    D6,
    D7,
    D8,
}

public static class EightDSteps
{
    public static readonly IReadOnlyList<EightDStep> All = Enum.GetValues<EightDStep>();

    public static string Title(this EightDStep step) => step switch
    {
        EightDStep.D1 => "Team",
        EightDStep.D2 => "Problem description",
        EightDStep.D3 => "Containment",
        EightDStep.D4 => "Root cause",
        EightDStep.D5 => "Corrective action",
        EightDStep.D6 => "Verification of effectiveness",
        EightDStep.D7 => "Prevention",
        _ => "Closure",
    };
}

/// <summary>One 8D step of an issue as stored: who owns it, when it is due, when it was done and what was found.</summary>
public sealed record QualityStep
{
    public EightDStep Step { get; init; }
    public long? OwnerUserId { get; init; }
    public string? OwnerName { get; init; }
    public DateTimeOffset DueAt { get; init; }
    public DateTimeOffset? DoneAt { get; init; }
    public string Details { get; init; } = "";

    public bool IsDone => DoneAt is not null;

    public bool IsOverdueAt(DateTimeOffset now) => DoneAt is null && DueAt < now;
}

public sealed record QualityIssue
{
    public long Id { get; init; }
    public long PartnershipId { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public Severity Severity { get; init; }
    public QualityIssueState State { get; init; }
    public long ItemId { get; init; }
    public required string ItemName { get; init; }
    public required string ItemSku { get; init; }
    public long? PurchaseOrderId { get; init; }
    public string? PurchaseOrderNumber { get; init; }
    public long? DeliveryId { get; init; }
    public string? DeliveryExternalId { get; init; }
    public string? Lot { get; init; }
    public int QuantityAffected { get; init; }
    public int QuantityInspected { get; init; }
    public required string RaisedByName { get; init; }
    public bool RaisedByCustomer { get; init; }
    public DateTimeOffset RaisedAt { get; init; }

    /// <summary>Containment's due time as fixed at raising (or at the last change of severity): what the guarantee measures D3 against.</summary>
    public DateTimeOffset ContainmentDueAt { get; init; }
    public DateTimeOffset? VerificationAcceptedAt { get; init; }
    public string? VerificationRejection { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public string? RequestId { get; init; }
    public IReadOnlyList<QualityStep> Steps { get; init; } = [];
    public long? Number { get; init; }
    public string PartnershipCode { get; init; } = "";

    /// <summary>How people name the issue: "NOR-Q-12".</summary>
    public string Reference => RecordNumbers.Format(PartnershipCode, RecordKind.QualityIssue, Number, Id);
}

/// <summary>A row of the issue list: enough to sort, filter and show aging without loading the steps.</summary>
public sealed record QualityIssueSummary
{
    public long Id { get; init; }
    public required string Title { get; init; }
    public Severity Severity { get; init; }
    public QualityIssueState State { get; init; }
    public required string ItemName { get; init; }
    public int QuantityAffected { get; init; }
    public DateTimeOffset RaisedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public EightDStep? CurrentStep { get; init; }
    public string? CurrentOwnerName { get; init; }
    public DateTimeOffset? CurrentDueAt { get; init; }
    public int OverdueSteps { get; init; }
    public long? Number { get; init; }
    public string PartnershipCode { get; init; } = "";

    /// <summary>How people name the issue: "NOR-Q-12".</summary>
    public string Reference => RecordNumbers.Format(PartnershipCode, RecordKind.QualityIssue, Number, Id);
}

/// <summary>What a person enters to raise an issue. Ids refer to the partnership's synced ERP rows.</summary>
public sealed record NewQualityIssue(
    string Title, string Description, Severity Severity, long ItemId, long? PurchaseOrderId, long? DeliveryId, string? Lot,
    int QuantityAffected, int QuantityInspected);

/// <summary>What an ERP sends to raise an issue against one line of a delivery it synced; a null severity is refused with the rest.</summary>
public sealed record ErpQualityIssue(
    string RequestId, string DeliveryExternalId, int DeliveryLineNo, string Title, string Description, Severity? Severity,
    int QuantityAffected, int QuantityInspected);

/// <summary>
/// Owner, due time and notes of a step; completing is a separate act. A new due time needs the reason, which the trail keeps.
/// </summary>
public sealed record StepUpdate(long? OwnerUserId, DateTimeOffset DueAt, string Details, string? DueChangeReason = null);

/// <summary>The columns the list sorts by; severity sorts Critical first, ascending.</summary>
public enum QualityIssueSort
{
    Raised,
    Number,
    Title,
    Severity,
    Item,
    Quantity,
    NextDue,
}

/// <summary>What narrows and orders the list; <see cref="Search"/> looks in the number, title, item and lot.</summary>
public sealed record QualityIssueFilter(QualityIssueState? State, Severity? Severity, long? OwnerUserId, bool OverdueOnly, QualityIssueSort Sort = QualityIssueSort.Raised,
    bool Descending = false, string? Search = null);

public sealed record StepOwnerChoice
{
    public long Id { get; init; }
    public bool IsSupplier { get; init; }
    public required string DisplayName { get; init; }
    public required string OrganisationName { get; init; }
}
