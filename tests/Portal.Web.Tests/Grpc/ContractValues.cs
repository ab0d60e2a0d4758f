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

    /// <summary>A page token with one character changed, as a client that edits tokens would send it.</summary>
    public static string Tampered(string token)
    {
        var middle = token.Length / 2;
        return string.Concat(token.AsSpan(0, middle), token[middle] == 'A' ? "B" : "A", token.AsSpan(middle + 1));
    }

    /// <summary>The test partnerships trade in euros.</summary>
    public static Money Eur(long amountMinor) => new() { AmountMinor = amountMinor, CurrencyCode = "EUR" };
}
