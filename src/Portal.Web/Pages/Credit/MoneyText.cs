using System.Globalization;

namespace Portal.Web.Pages.Credit;

/// <summary>
/// Amounts as the credit forms take them, as text: parsing is part of the rules there, so that "12.345" (finer than a
/// cent) is a field error instead of being rounded away.
/// </summary>
public static class MoneyText
{
    /// <summary>"1,250.50" → 125050 minor units; null when empty, not a number or finer than a cent.</summary>
    public static long? ToMinor(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || !decimal.TryParse(text.Replace(",", "", StringComparison.Ordinal).Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var major))
        {
            return null;
        }
        var minor = major * 100;
        return minor == decimal.Truncate(minor) && Math.Abs(minor) <= long.MaxValue / 2 ? (long)minor : null;
    }

    public static string FromMinor(long minor) => (minor / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    public static bool IsWellFormed(string? text) => string.IsNullOrWhiteSpace(text) || ToMinor(text) is not null;
}

