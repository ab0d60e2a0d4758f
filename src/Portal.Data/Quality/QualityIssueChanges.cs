using Portal.Data.ChangeFeed;

namespace Portal.Data.Quality;

/// <summary>
/// What happens to a quality issue. The step acts come in blocks of eight in step order, so that
/// <see cref="QualityIssueChanges.ForStep"/> names a step's act without building a string.
/// </summary>
public enum QualityIssueChange
{
    Raised,
    SeverityChanged,
    VerificationAccepted,
    VerificationRejected,
    Closed,
    D1Updated = 100, D2Updated, D3Updated, D4Updated, D5Updated, D6Updated, D7Updated, D8Updated,
    D1DueMoved = 200, D2DueMoved, D3DueMoved, D4DueMoved, D5DueMoved, D6DueMoved, D7DueMoved, D8DueMoved,
    D1Completed = 300, D2Completed, D3Completed, D4Completed, D5Completed, D6Completed, D7Completed, D8Completed,
}

public static class QualityIssueChanges
{
    /// <summary>The act on <paramref name="step"/> of the block that <paramref name="d1"/> starts (D1Updated, D1DueMoved or D1Completed).</summary>
    public static QualityIssueChange ForStep(QualityIssueChange d1, EightDStep step) => d1 + (int)step;

    /// <summary>The step a step act is about; null for the acts on the whole issue.</summary>
    public static EightDStep? StepOf(QualityIssueChange change) => (int)change >= 100 ? (EightDStep)((int)change % 100) : null;
}

/// <summary>
/// A quality issue as the customer's ERP receives it, version 1. The item, order and delivery appear by their names and
/// numbers (the ERP's own references), not by the portal's row ids; step owners by name.
/// </summary>
public sealed record QualityIssueFeedV1(
    long Id, long PartnershipId, string Title, string Description, Severity Severity, QualityIssueState State, string ItemName, string ItemSku,
    string? PurchaseOrderNumber, string? DeliveryExternalId, string? Lot, int QuantityAffected, int QuantityInspected, string RaisedByName,
    bool RaisedByCustomer, DateTimeOffset RaisedAt, DateTimeOffset ContainmentDueAt, DateTimeOffset? VerificationAcceptedAt,
    string? VerificationRejection, DateTimeOffset? ClosedAt, string? RequestId, IReadOnlyList<QualityStepFeedV1> Steps) : FeedProjection
{
    public static QualityIssueFeedV1 Of(QualityIssue i) => new(
        i.Id, i.PartnershipId, i.Title, i.Description, i.Severity, i.State, i.ItemName, i.ItemSku, i.PurchaseOrderNumber, i.DeliveryExternalId, i.Lot,
        i.QuantityAffected, i.QuantityInspected, i.RaisedByName, i.RaisedByCustomer, i.RaisedAt, i.ContainmentDueAt, i.VerificationAcceptedAt,
        i.VerificationRejection, i.ClosedAt, i.RequestId, i.Steps.Select(QualityStepFeedV1.Of).ToList());
}

/// <summary>One 8D step in <see cref="QualityIssueFeedV1"/>.</summary>
public sealed record QualityStepFeedV1(EightDStep Step, string? OwnerName, DateTimeOffset DueAt, DateTimeOffset? DoneAt, string Details, bool IsDone)
{
    public static QualityStepFeedV1 Of(QualityStep s) => new(s.Step, s.OwnerName, s.DueAt, s.DoneAt, s.Details, s.IsDone);
}

/// <summary>A partnership's agreed containment window for one severity and who owns D1–D3 of new issues (null: the quality engineer), as the trail keeps it.</summary>
public sealed record ContainmentTargetState(Severity Severity, int Hours, string? DefaultOwnerName = null);

public enum ContainmentTargetChange
{
    Set,
}
