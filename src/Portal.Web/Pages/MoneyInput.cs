using Portal.Data;

namespace Portal.Web.Pages;

/// <summary>Forms take amounts in major units ("1200.50"); the data keeps minor units. Currencies here have two decimals.</summary>
public static class MoneyInput
{
    // Just beyond the largest amount the portal takes: a posted 1e28 comes out as an amount the form's range and the
    // rules refuse with their message, instead of an overflow while converting it.
    private const decimal BeyondMaxMajor = (Money.MaxMinor + 1) / 100m;

    public static long ToMinor(decimal amount) =>
        (long)Math.Round(Math.Clamp(amount, -BeyondMaxMajor, BeyondMaxMajor) * 100m, MidpointRounding.AwayFromZero);

    public static decimal FromMinor(long minor) => minor / 100m;
}
