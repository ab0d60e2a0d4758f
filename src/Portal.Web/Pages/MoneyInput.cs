namespace Portal.Web.Pages;

/// <summary>Forms take amounts in major units ("1200.50"); the data keeps minor units. Currencies here have two decimals.</summary>
public static class MoneyInput
{
    public static long ToMinor(decimal amount) => (long)Math.Round(amount * 100m, MidpointRounding.AwayFromZero);

    public static decimal FromMinor(long minor) => minor / 100m;
}
