using System.Globalization;
using Portal.Erp.V1;

namespace Portal.Web.Tests.Grpc;

/// <summary>The contract's calendar dates and amounts, written as the tests think of them.</summary>
internal static class ContractValues
{
    public static Google.Type.Date Date(string iso)
    {
        var date = DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new Google.Type.Date { Year = date.Year, Month = date.Month, Day = date.Day };
    }

    /// <summary>The test partnerships trade in euros.</summary>
    public static Money Eur(long amountMinor) => new() { AmountMinor = amountMinor, CurrencyCode = "EUR" };
}
