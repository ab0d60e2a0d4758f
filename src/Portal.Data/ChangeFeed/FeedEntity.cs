namespace Portal.Data.ChangeFeed;

/// <summary>What a feed entry is about: the portal-owned records a customer's ERP follows.</summary>
public enum FeedEntity
{
    QualityIssue,
    DesignRequest,
    CreditLine,
    CreditArrangement,
    EquipmentLoan,
    PenaltyCredit,
    ActionItem,
    ScorecardSnapshot,
    HealthAlert,
}
