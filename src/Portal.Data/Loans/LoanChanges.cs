using Portal.Data.ChangeFeed;

namespace Portal.Data.Loans;

/// <summary>
/// An equipment loan as the customer's ERP receives it, version 1. The equipment by name, model and serial, not by the
/// register's row id. A loan's action in the trail and the feed is the <see cref="LoanState"/> it moved to.
/// </summary>
public sealed record EquipmentLoanFeedV1(
    long Id, long PartnershipId, string EquipmentName, string EquipmentModel, string EquipmentSerial, long EquipmentValueMinor, string Purpose,
    DateOnly StartsOn, DateOnly EndsOn, long MonthlyFeeMinor, long DepositMinor, string Currency, string Terms, LoanState State, string RequestedByName,
    bool RequestedByCustomer, DateTimeOffset RequestedAt, DateOnly? InUseSince, EquipmentCondition? ConditionAtShipping,
    EquipmentCondition? ConditionAtReturn, int? RentCreditPercent, long? ConversionPriceMinor, DateTimeOffset? ClosedAt) : FeedProjection
{
    public static EquipmentLoanFeedV1 Of(Loan l) => new(
        l.Id, l.PartnershipId, l.EquipmentName, l.EquipmentModel, l.EquipmentSerial, l.EquipmentValueMinor, l.Purpose, l.StartsOn, l.EndsOn,
        l.MonthlyFeeMinor, l.DepositMinor, l.Currency, l.Terms, l.State, l.RequestedByName, l.RequestedByCustomer, l.RequestedAt, l.InUseSince,
        l.ConditionAtShipping, l.ConditionAtReturn, l.RentCreditPercent, l.ConversionPriceMinor, l.ClosedAt);
}

/// <summary>The share of paid rent credited on conversion, as the trail keeps it.</summary>
public sealed record LoanRentCreditState(int Percent);

public enum LoanRentCreditChange
{
    Set,
}

public enum EquipmentChange
{
    Added,
    Edited,
    MaintenanceLogged,
}
