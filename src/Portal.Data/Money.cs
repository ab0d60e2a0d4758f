using System.Globalization;

namespace Portal.Data;

/// <summary>How money reads in pages and notifications: every currency the portal deals in has two decimals.</summary>
public static class Money
{
    /// <summary>"EUR 12,345.67" for 1234567 minor units.</summary>
    public static string Format(long minor, string currency) =>
        $"{currency} {(minor / 100m).ToString("N2", CultureInfo.InvariantCulture)}";
}
