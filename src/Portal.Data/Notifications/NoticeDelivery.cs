namespace Portal.Data.Notifications;

/// <summary>Where a person wants a kind of notice: in the portal's list at once, in the next daily digest, or not at all.</summary>
public enum NoticeDelivery
{
    Portal,
    Digest,
    None,
}

/// <summary>A kind of notice a person can choose the delivery of: the kind is the entity the notice is about.</summary>
public sealed record NoticeKind(string Entity, string Label);

public static class NoticeKinds
{
    /// <summary>Every kind a store sends a notice about, in the order the profile page lists them.</summary>
    public static readonly IReadOnlyList<NoticeKind> All =
    [
        new(Changes.ChangeKinds.QualityIssue.Entity, "Quality issues and their 8D steps"),
        new(Changes.ChangeKinds.DesignRequest.Entity, "Design requests: new requests, stages, mentions"),
        new(Changes.ChangeKinds.CreditArrangement.Entity, "Credit requests and decisions"),
        new(Changes.ChangeKinds.CreditLine.Entity, "Credit alerts: near the limit, extensions ending"),
        new(Changes.ChangeKinds.EquipmentLoan.Entity, "Equipment loans"),
        new(Changes.ChangeKinds.PenaltyCredit.Entity, "Penalty credits"),
        new(Changes.ChangeKinds.Review.Entity, "Review meetings"),
        new(Changes.ChangeKinds.ActionItem.Entity, "Review action items"),
        new(Changes.ChangeKinds.HealthAlert.Entity, "Partnership health alerts"),
    ];

    public static bool IsKnown(string entity) => All.Any(k => k.Entity == entity);
}
