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
    /// Columns that say whose rows they are (a partnership's, a person's) without narrowing which. A read that only they
    /// bound reads the owner's whole history: fine for a page about that history, not for a statement handed the rows it
    /// wants, whose cost must follow what it was handed.
    /// </summary>
    public static readonly IReadOnlySet<string> OwnerColumns = new HashSet<string>(StringComparer.Ordinal) { "partnership_id", "user_id", "source" };

    /// <summary>Whether the columns an index step is bounded by (parsed from its condition) are all <see cref="OwnerColumns"/>.</summary>
    public static bool BoundOnlyByOwner(string condition)
    {
        var columns = ConditionColumn().Matches(condition).Select(m => m.Groups["column"].Value).ToList();
        return columns.Count > 0 && columns.All(OwnerColumns.Contains);
    }

    /// <summary>
    /// A statement handed the rows it wants as a list, which it must find by their keys: a JSON array read with json_each,
    /// or ids that Dapper expanded into parameters ("id IN (@ids1,@ids2)").
    /// </summary>
    public static bool NamesRowsByList(string statement) =>
        statement.Contains("json_each(", StringComparison.Ordinal) || ExpandedIdList().IsMatch(statement);

    public override string ToString() => $"full scan of {string.Join(", ", Tables)}:\n{Statement.Trim()}\nplan:\n{Plan.TrimEnd()}";

    // Not the caller's partnerships (@Allowed), which scope a statement rather than name its rows.
    [GeneratedRegex(@"\bid IN \(@(?!Allowed)\w+1\b")]
    private static partial Regex ExpandedIdList();

    // "partnership_id=? AND source=?", "on_date>?", "source_id IN (...)": a column compared with something.
    [GeneratedRegex(@"(?<column>\w+)\s*(?:=|<>|<=|>=|<|>| IN\b)")]
    private static partial Regex ConditionColumn();
}
