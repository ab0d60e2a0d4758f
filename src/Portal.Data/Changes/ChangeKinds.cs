using Portal.Data.Attachments;
using Portal.Data.ChangeFeed;
using Portal.Data.Credit;
using Portal.Data.DesignRequests;
using Portal.Data.Erp;
using Portal.Data.ErpClients;
using Portal.Data.Guarantees;
using Portal.Data.Loans;
using Portal.Data.Organisations;
using Portal.Data.Partnerships;
using Portal.Data.Quality;
using Portal.Data.Reviews;
using Portal.Data.Scorecards;
using Portal.Data.Users;

namespace Portal.Data.Changes;

/// <summary>
/// Every kind of change the portal records. The entity names are the trail's (audit_log.entity) and stay as they were,
/// so old rows read the same way; a kind with a feed entity reaches the change feed through its projection only.
/// </summary>
public static class ChangeKinds
{
    public static readonly FedChangeKind<QualityIssueChange, QualityIssue, QualityIssueFeedV1> QualityIssue =
        new("QualityIssue", FeedEntity.QualityIssue, QualityIssueFeedV1.Of);

    public static readonly FedChangeKind<DesignRequestChange, DesignRequest, DesignRequestFeedV1> DesignRequest =
        new("DesignRequest", FeedEntity.DesignRequest, DesignRequestFeedV1.Of);

    public static readonly FedChangeKind<CreditLineChange, CreditLine, CreditLineFeedV1> CreditLine =
        new("CreditLine", FeedEntity.CreditLine, CreditLineFeedV1.Of);

    public static readonly FedChangeKind<CreditArrangementChange, CreditArrangement, CreditArrangementFeedV1> CreditArrangement =
        new("CreditArrangement", FeedEntity.CreditArrangement, CreditArrangementFeedV1.Of);

    public static readonly FedChangeKind<LoanState, Loan, EquipmentLoanFeedV1> EquipmentLoan =
        new("EquipmentLoan", FeedEntity.EquipmentLoan, EquipmentLoanFeedV1.Of);

    public static readonly FedChangeKind<PenaltyCreditChange, PenaltyCredit, PenaltyCreditFeedV1> PenaltyCredit =
        new("PenaltyCredit", FeedEntity.PenaltyCredit, PenaltyCreditFeedV1.Of);

    public static readonly FedChangeKind<ActionItemChange, ActionItem, ActionItemFeedV1> ActionItem =
        new("ActionItem", FeedEntity.ActionItem, ActionItemFeedV1.Of);

    public static readonly FedChangeKind<ScorecardSnapshotChange, ScorecardSnapshot, ScorecardSnapshotFeedV1> ScorecardSnapshot =
        new("ScorecardSnapshot", FeedEntity.ScorecardSnapshot, ScorecardSnapshotFeedV1.Of);

    public static readonly FedChangeKind<HealthAlertChange, HealthAlert, HealthAlertFeedV1> HealthAlert =
        new("HealthAlert", FeedEntity.HealthAlert, HealthAlertFeedV1.Of);

    /// <summary>The review, or for the agenda's changes the agenda item (the trail is read on the review either way).</summary>
    public static readonly ChangeKind<ReviewChange, object> Review = new("Review");

    public static readonly ChangeKind<ScorecardTargetsChange, ScorecardTargetsState> ScorecardTargets = new("ScorecardTargets");

    public static readonly ChangeKind<ContainmentTargetChange, ContainmentTargetState> ContainmentTarget = new("ContainmentTarget");
    public static readonly ChangeKind<DesignStageTargetChange, DesignStageTargetState> DesignStageTarget = new("DesignStageTarget");
    public static readonly ChangeKind<GuaranteeChange, Guarantee> Guarantee = new("Guarantee");
    public static readonly ChangeKind<LoanRentCreditChange, LoanRentCreditState> LoanRentCredit = new("LoanRentCredit");

    /// <summary>An equipment item, or a maintenance entry for MaintenanceLogged.</summary>
    public static readonly ChangeKind<EquipmentChange, object> Equipment = new("Equipment");

    /// <summary>The file's details, or only its id and owner for a supplier-only file (the trail is read by both sides).</summary>
    public static readonly ChangeKind<AttachmentChange, object> Attachment = new("Attachment");

    public static readonly ChangeKind<OrganisationChange, Organisation> Organisation = new("Organisation");
    public static readonly ChangeKind<PartnershipChange, Partnership> Partnership = new("Partnership");
    public static readonly ChangeKind<PartnershipMemberChange, PartnershipMembership> PartnershipMember = new("PartnershipMember");
    public static readonly ChangeKind<UserChange, UserTrailState> User = new("User");
    public static readonly ChangeKind<ErpClientChange, ErpClientTrailState> ErpClient = new("ErpClient");
    public static readonly ChangeKind<ErpHistoryChange, ErpHistoryImport> ErpHistory = new("ErpHistory");
    public static readonly ChangeKind<ErpSyncChange, ErpSyncSummary> ErpSync = new("ErpSync");

    public static readonly IReadOnlyList<ChangeKind> All =
    [
        QualityIssue, DesignRequest, CreditLine, CreditArrangement, EquipmentLoan, PenaltyCredit, ActionItem, ScorecardSnapshot, HealthAlert, Review,
        ScorecardTargets, ContainmentTarget, DesignStageTarget, Guarantee,
        LoanRentCredit, Equipment, Attachment, Organisation, Partnership, PartnershipMember, User, ErpClient, ErpHistory, ErpSync,
    ];

    /// <summary>The kind a trail row names; null for an entity no kind records (none today).</summary>
    public static ChangeKind? Named(string entity) => All.FirstOrDefault(k => k.Entity == entity);
}
