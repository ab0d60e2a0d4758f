using Portal.Data.ChangeFeed;

namespace Portal.Data.Credit;

public enum CreditLineChange
{
    Set,
    Changed,
}

public enum CreditArrangementChange
{
    Requested,
    Approved,
    Declined,
    Withdrawn,
}

/// <summary>The credit line as the customer's ERP receives it, version 1: the terms, not who typed them.</summary>
public sealed record CreditLineFeedV1(long Id, long LimitMinor, string Currency, int PaymentTermsDays, bool CountOpenOrders, DateTimeOffset UpdatedAt) : FeedProjection
{
    public static CreditLineFeedV1 Of(CreditLine l) => new(l.Id, l.LimitMinor, l.Currency, l.PaymentTermsDays, l.CountOpenOrders, l.UpdatedAt);
}

/// <summary>
/// A credit arrangement as the customer's ERP receives it, version 1. People by name, not user id. The deferred
/// invoices are the portal's invoice ids (kept from before version 1 was written down; see docs/changes.md).
/// </summary>
public sealed record CreditArrangementFeedV1(
    long Id, long PartnershipId, CreditArrangementKind Kind, long? ExtensionMinor, int? DeferralDays, DateOnly? DeferredTo, string Currency,
    string Reason, DateOnly StartsOn, DateOnly EndsOn, CreditArrangementState State, string RequestedByName, bool RequestedByCustomer,
    DateTimeOffset RequestedAt, string? DecidedByName, DateTimeOffset? DecidedAt, string? DecisionNote, IReadOnlyList<long> InvoiceIds) : FeedProjection
{
    public static CreditArrangementFeedV1 Of(CreditArrangement a) => new(
        a.Id, a.PartnershipId, a.Kind, a.ExtensionMinor, a.DeferralDays, a.DeferredTo, a.Currency, a.Reason, a.StartsOn, a.EndsOn, a.State,
        a.RequestedByName, a.RequestedByCustomer, a.RequestedAt, a.DecidedByName, a.DecidedAt, a.DecisionNote, a.InvoiceIds);
}
