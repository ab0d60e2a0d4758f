using Portal.Data.ChangeFeed;
using Portal.Data.Credit;
using Portal.Data.DesignRequests;
using Portal.Data.Guarantees;
using Portal.Data.Loans;
using Portal.Data.Quality;
using Portal.Data.Reviews;
using Portal.Data.Scorecards;
using Portal.Erp.V1;

namespace Portal.Grpc.Mapping;

/// <summary>
/// The recorded action of a feed entry (the action enum member's name, as the trail keeps it) as the contract's
/// past-tense <see cref="ChangeAction"/>. An action this version does not know (none the portal records today; the
/// tests enumerate them all) is UNSPECIFIED rather than a failed read.
/// </summary>
public static class ChangeActions
{
    public static (ChangeAction Action, EightDStep? Step) Of(FeedEntity entity, string recorded) => entity switch
    {
        FeedEntity.QualityIssue => Enum.TryParse<QualityIssueChange>(recorded, out var act) && Enum.IsDefined(act)
            ? (QualityIssue(act), QualityIssueChanges.StepOf(act))
            : (ChangeAction.Unspecified, null),
        FeedEntity.DesignRequest => (Parse<DesignRequestChange>(recorded) switch
        {
            DesignRequestChange.Raised => ChangeAction.Raised,
            DesignRequestChange.Advance => ChangeAction.Advanced,
            DesignRequestChange.RecordVerdict => ChangeAction.VerdictRecorded,
            DesignRequestChange.Withdraw => ChangeAction.Withdrawn,
            // Commented and InternalNoteAdded leave the request as it was: the recorder writes no feed entry for them.
            _ => ChangeAction.Unspecified,
        }, null),
        FeedEntity.CreditLine => (Parse<CreditLineChange>(recorded) switch
        {
            CreditLineChange.Set => ChangeAction.Created,
            CreditLineChange.Changed => ChangeAction.Changed,
            _ => ChangeAction.Unspecified,
        }, null),
        FeedEntity.CreditArrangement => (Parse<CreditArrangementChange>(recorded) switch
        {
            CreditArrangementChange.Requested => ChangeAction.Requested,
            CreditArrangementChange.Approved => ChangeAction.Approved,
            CreditArrangementChange.Declined => ChangeAction.Declined,
            CreditArrangementChange.Withdrawn => ChangeAction.Withdrawn,
            _ => ChangeAction.Unspecified,
        }, null),
        // A loan's action is the state it moved to.
        FeedEntity.EquipmentLoan => (Parse<LoanState>(recorded) switch
        {
            LoanState.Requested => ChangeAction.Requested,
            LoanState.Approved => ChangeAction.Approved,
            LoanState.Shipped => ChangeAction.Shipped,
            LoanState.InUse => ChangeAction.Received,
            LoanState.ReturnDue => ChangeAction.ReturnStarted,
            LoanState.Returned => ChangeAction.Returned,
            LoanState.ConvertedToPurchase => ChangeAction.ConvertedToPurchase,
            LoanState.WrittenOff => ChangeAction.WrittenOff,
            LoanState.Declined => ChangeAction.Declined,
            LoanState.Cancelled => ChangeAction.Cancelled,
            _ => ChangeAction.Unspecified,
        }, null),
        FeedEntity.PenaltyCredit => (Parse<PenaltyCreditChange>(recorded) switch
        {
            PenaltyCreditChange.Issued => ChangeAction.Issued,
            PenaltyCreditChange.Voided => ChangeAction.Voided,
            _ => ChangeAction.Unspecified,
        }, null),
        FeedEntity.ActionItem => (Parse<ActionItemChange>(recorded) switch
        {
            ActionItemChange.ActionItemAdded => ChangeAction.Added,
            ActionItemChange.ActionItemDone => ChangeAction.Completed,
            ActionItemChange.ActionItemDropped => ChangeAction.Dropped,
            _ => ChangeAction.Unspecified,
        }, null),
        FeedEntity.ScorecardSnapshot => (Parse<ScorecardSnapshotChange>(recorded) switch
        {
            ScorecardSnapshotChange.Computed => ChangeAction.Computed,
            ScorecardSnapshotChange.Recomputed => ChangeAction.Recomputed,
            _ => ChangeAction.Unspecified,
        }, null),
        FeedEntity.HealthAlert => (Parse<HealthAlertChange>(recorded) switch
        {
            HealthAlertChange.Raised => ChangeAction.Raised,
            HealthAlertChange.Closed => ChangeAction.Closed,
            _ => ChangeAction.Unspecified,
        }, null),
        _ => (ChangeAction.Unspecified, null),
    };

    private static ChangeAction QualityIssue(QualityIssueChange act) => act switch
    {
        QualityIssueChange.Raised => ChangeAction.Raised,
        QualityIssueChange.SeverityChanged => ChangeAction.SeverityChanged,
        QualityIssueChange.VerificationAccepted => ChangeAction.VerificationAccepted,
        QualityIssueChange.VerificationRejected => ChangeAction.VerificationRejected,
        QualityIssueChange.Closed => ChangeAction.Closed,
        // The step acts come in blocks of a hundred: updated, due moved, completed.
        _ => ((int)act / 100) switch
        {
            1 => ChangeAction.StepUpdated,
            2 => ChangeAction.StepDueMoved,
            3 => ChangeAction.StepCompleted,
            _ => ChangeAction.Unspecified,
        },
    };

    /// <summary>The member named; null for a name this version does not know.</summary>
    private static TAction? Parse<TAction>(string recorded) where TAction : struct, Enum =>
        Enum.TryParse<TAction>(recorded, out var action) && Enum.IsDefined(action) ? action : null;
}
