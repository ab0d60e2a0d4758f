namespace Portal.Web.Tests.QueryPlans;

/// <summary>A statement the product ran whose plan reads a whole watched table, with the plan that says so.</summary>
public sealed record FullScan(string Statement, IReadOnlyList<string> Tables, string Plan)
{
    /// <summary>
    /// Tables that grow with a partnership's ERP history or with every change and message: reading one whole costs more
    /// every month, so every read of them must be bounded by an index (by partnership, record, person or date). The
    /// feed's head and read marks are not here: one row per partnership or ERP client, like partnerships themselves.
    /// </summary>
    public static readonly IReadOnlySet<string> WatchedTables = new HashSet<string>(StringComparer.Ordinal)
    {
        "items", "purchase_orders", "purchase_order_lines", "deliveries", "delivery_lines", "invoices", "payments",
        "exposure_steps", "exposure_months", "delivered_days", "order_lines_due",
        "audit_log", "change_feed", "notifications",
    };

    public override string ToString() => $"full scan of {string.Join(", ", Tables)}:\n{Statement.Trim()}\nplan:\n{Plan.TrimEnd()}";
}
