using System.Globalization;

namespace Portal.Data;

/// <summary>How money reads in pages and notifications: every currency the portal deals in has two decimals.</summary>
public static class Money
{
    /// <summary>
    /// The largest amount the portal takes in one field (an invoice, a payment, a unit price, an order line's value, a
    /// credit limit, an equipment value...): 10^11 minor units, a thousand million in a two-decimal currency. Every sum
    /// the portal adds up in SQL or C# is of such bounded amounts, so a 64-bit total (±9.2 × 10^18) would need more than
    /// 92 million records at the maximum in one partnership before it could overflow: far beyond any ERP history (the
    /// benchmarks' hundred years of orders are about 10^5 records), and beyond what the sync lets a client write in
    /// weeks of full-speed batches. An amount above it is a field error, never a stored value.
    /// </summary>
    public const long MaxMinor = 100_000_000_000;

    /// <summary>The field error for an amount above <see cref="MaxMinor"/>.</summary>
    public const string AtMost = "Enter an amount of at most 1,000,000,000.00.";

    /// <summary>"EUR 12,345.67" for 1234567 minor units: the one format of an amount, in tables, forms and messages.</summary>
    public static string Format(long minor, string currency) =>
        $"{currency} {(minor / 100m).ToString("N2", CultureInfo.InvariantCulture)}";
}
