using System.Text.RegularExpressions;

namespace Portal.Web.Tests.QueryPlans;

/// <summary>A statement the product ran whose plan reads a whole watched table, with the plan that says so.</summary>
public sealed partial record FullScan(string Statement, IReadOnlyList<string> Tables, string Plan)
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

    /// <summary>
    /// Columns that do not narrow a partnership's share of a table. A read that only they bound reads the partnership's
    /// whole history: fine for a page about that history, not for writing a batch, whose cost must follow the batch.
    /// </summary>
    public static readonly IReadOnlySet<string> PartnershipWide = new HashSet<string>(StringComparer.Ordinal) { "partnership_id", "source" };

    /// <summary>Whether the columns an index step is bounded by (parsed from its condition) are all <see cref="PartnershipWide"/>.</summary>
    public static bool BoundOnlyByPartnership(string condition)
    {
        var columns = ConditionColumn().Matches(condition).Select(m => m.Groups["column"].Value).ToList();
        return columns.Count > 0 && columns.All(PartnershipWide.Contains);
    }

    /// <summary>A statement handed its rows as a list (a JSON array read with json_each), which it must find by their keys.</summary>
    public static bool NamesRowsByList(string statement) => statement.Contains("json_each(", StringComparison.Ordinal);

    public override string ToString() => $"full scan of {string.Join(", ", Tables)}:\n{Statement.Trim()}\nplan:\n{Plan.TrimEnd()}";

    // "partnership_id=? AND source=?", "on_date>?", "source_id IN (...)": a column compared with something.
    [GeneratedRegex(@"(?<column>\w+)\s*(?:=|<>|<=|>=|<|>| IN\b)")]
    private static partial Regex ConditionColumn();
}
