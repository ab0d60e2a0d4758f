using Portal.Erp.V1;
using GoogleDate = Google.Type.Date;

namespace Portal.Grpc.Mapping;

/// <summary>The contract's standard shapes for calendar dates (google.type.Date) and amounts (<see cref="Money"/>).</summary>
public static class ContractTypes
{
    public static GoogleDate ToMessage(this DateOnly date) => new() { Year = date.Year, Month = date.Month, Day = date.Day };

    /// <summary>Null (the field left unset) for no date.</summary>
    public static GoogleDate? ToMessage(this DateOnly? date) => date?.ToMessage();

    /// <summary>
    /// <see cref="DateOnly.MinValue"/> for an unset or impossible date (month 13, 30 February, a year without a day), which
    /// the domain rules refuse with a message that names the field, so every bad value is reported in one place.
    /// </summary>
    public static DateOnly ToDateOnly(this GoogleDate? date) =>
        date is { Year: >= 1 and <= 9999, Month: >= 1 and <= 12, Day: >= 1 } && date.Day <= DateTime.DaysInMonth(date.Year, date.Month)
            ? new DateOnly(date.Year, date.Month, date.Day)
            : DateOnly.MinValue;

    public static Money Money(long amountMinor, string currency) => new() { AmountMinor = amountMinor, CurrencyCode = currency };
}
