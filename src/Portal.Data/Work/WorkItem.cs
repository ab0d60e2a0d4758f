using Portal.Data.Changes;

namespace Portal.Data.Work;

public enum WorkKind
{
    /// <summary>A design request whose current stage the person owns.</summary>
    DesignStage,

    /// <summary>An open 8D step the person owns.</summary>
    QualityStep,

    /// <summary>A verification (D6) that waits for the customer side to accept or reject it.</summary>
    QualityVerification,

    /// <summary>An open action item from a review that the person owns (the record is the review it was agreed in).</summary>
    ActionItem,

    /// <summary>A credit extension or deferral waiting for the supplier's Finance to approve or decline it.</summary>
    CreditDecision,

    /// <summary>A loan waiting for the person's side: approve, ship or take back (supplier), confirm arrival or send back (customer).</summary>
    LoanStep,

    /// <summary>An ERP connection whose old secret still works in its grace period: the ERP must switch before it ends.</summary>
    ErpSecret,
}

/// <summary>One thing that waits for the signed-in person; <see cref="Entity"/> and <see cref="RecordId"/> say where it is done.</summary>
public sealed record WorkItem(WorkKind Kind, long PartnershipId, string PartnershipName, long RecordId, string Title, string What, DateTimeOffset? DueAt)
{
    public string Entity => Kind switch
    {
        WorkKind.DesignStage => ChangeKinds.DesignRequest.Entity,
        WorkKind.ActionItem => ChangeKinds.Review.Entity,
        WorkKind.CreditDecision => ChangeKinds.CreditArrangement.Entity,
        WorkKind.LoanStep => ChangeKinds.EquipmentLoan.Entity,
        WorkKind.ErpSecret => ChangeKinds.ErpClient.Entity,
        _ => ChangeKinds.QualityIssue.Entity,
    };

    public bool IsOverdueAt(DateTimeOffset now) => DueAt is { } due && due < now;
}

/// <summary>One page of a person's work, how much of all of it is overdue, and how many of each kind (for the heading).</summary>
public sealed record MyWork(Page<WorkItem> Items, long Overdue, IReadOnlyDictionary<WorkKind, long> Counts);
