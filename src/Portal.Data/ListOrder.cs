namespace Portal.Data;

/// <summary>ORDER BY text for a list sorted by one of its columns, in either direction.</summary>
public static class ListOrder
{
    /// <summary>
    /// The column in the direction asked, empty values last either way, then the id in the same direction so that
    /// rows with equal values keep one order and pages never overlap. The column is the store's own SQL, never input.
    /// </summary>
    public static string By(string column, bool descending, string id, bool nullable = false)
    {
        var direction = descending ? "DESC" : "ASC";
        var emptyLast = nullable ? $"CASE WHEN {column} IS NULL THEN 1 ELSE 0 END, " : "";
        return $"{emptyLast}{column} {direction}, {id} {direction}";
    }
}
