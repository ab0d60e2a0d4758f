using Portal.Data.ChangeFeed;

namespace Portal.Data.Guarantees;

public enum PenaltyCreditChange
{
    Issued,
    Voided,
}

public enum GuaranteeChange
{
    Created,
    Updated,
}

/// <summary>A penalty credit as the customer's ERP books it, version 1: the amount, the period and why. The evidence rows stay in the portal.</summary>
public sealed record PenaltyCreditFeedV1(
    long Id, long GuaranteeId, GuaranteeMetric Metric, DateOnly PeriodStart, DateOnly PeriodEnd, long AmountMinor, string Currency, string Reason,
    decimal Measured, decimal Target, PenaltyCreditState State, string? VoidReason) : FeedProjection
{
    public static PenaltyCreditFeedV1 Of(PenaltyCredit c) => new(
        c.Id, c.GuaranteeId, c.Metric, c.PeriodStart, c.PeriodEnd, c.AmountMinor, c.Currency, c.Reason, c.Measured, c.Target, c.State, c.VoidReason);
}
