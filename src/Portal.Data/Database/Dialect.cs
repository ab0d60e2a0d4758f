using System.Text.Json;

namespace Portal.Data.Database;

/// <summary>
/// The few places where SQLite and PostgreSQL SQL differ. Everything else is written once in the
/// common subset (ON CONFLICT, RETURNING, LIMIT/OFFSET, TRUE/FALSE).
/// </summary>
public sealed class Dialect
{
    public static readonly Dialect Sqlite = new(DatabaseProvider.Sqlite, "sqlite");
    public static readonly Dialect Postgres = new(DatabaseProvider.Postgres, "postgres");

    private Dialect(DatabaseProvider provider, string scriptFolder)
    {
        Provider = provider;
        ScriptFolder = scriptFolder;
    }

    public DatabaseProvider Provider { get; }

    /// <summary>Folder name under sql/ that holds this dialect's migrations.</summary>
    public string ScriptFolder { get; }

    public bool IsPostgres => Provider == DatabaseProvider.Postgres;

    /// <summary>
    /// "<paramref name="column"/> is one of the list parameter <paramref name="parameter"/>". Dapper expands a
    /// list into (@p1, @p2, ...) for SQLite, but hands Npgsql the whole list as one array parameter, which
    /// PostgreSQL only accepts through = ANY(...).
    /// </summary>
    public string IsIn(string column, string parameter) =>
        IsPostgres ? $"{column} = ANY({parameter})" : $"{column} IN {parameter}";

    /// <summary>
    /// Appended to a SELECT that reads a row before changing it in the same transaction: PostgreSQL locks the row;
    /// SQLite needs nothing, its write transactions already exclude each other.
    /// </summary>
    public string ForUpdate => IsPostgres ? " FOR UPDATE" : "";

    /// <summary>
    /// Midnight UTC at the start of the day after the date in <paramref name="dateColumn"/>, as an instant that compares
    /// with stored instants: a timestamptz for PostgreSQL, SQLite's fixed-width instant text (see <see cref="TypeHandlers"/>).
    /// </summary>
    public string StartOfDayAfter(string dateColumn) =>
        IsPostgres ? $"(({dateColumn} + 1)::timestamp AT TIME ZONE 'UTC')" : $"(date({dateColumn}, '+1 day') || 'T00:00:00.0000000Z')";

    /// <summary>The UTC calendar day of a stored instant, as a date the DateOnly handler reads.</summary>
    public string DateOf(string instantColumn) =>
        IsPostgres ? $"(({instantColumn}) AT TIME ZONE 'UTC')::date" : $"substr({instantColumn}, 1, 10)";

    /// <summary>The first day of the month before a stored month (itself a first day), as the DateOnly handler reads it.</summary>
    public string MonthBefore(string monthColumn) =>
        IsPostgres ? $"(({monthColumn}) - INTERVAL '1 month')::date" : $"date({monthColumn}, '-1 month')";

    /// <summary>
    /// "<paramref name="column"/> is one of the values of <paramref name="parameter"/>", the list bound as one value made
    /// by <see cref="ListOf{T}"/>: a JSON array for SQLite, an array for PostgreSQL. Unlike <see cref="IsIn"/> the
    /// statement does not grow with the list, so it is parsed once and long lists cost no per-item parameters.
    /// </summary>
    public string InList(string column, string parameter) =>
        IsPostgres ? $"{column} IN (SELECT unnest({parameter}))" : $"{column} IN (SELECT value FROM json_each({parameter}))";

    /// <summary>
    /// The owner condition (a partnership's, a person's) on rows found by their ids: the owner column behind a unary +,
    /// which keeps it out of the choice of index. SQLite plans without statistics here and takes an equality on an
    /// indexed column to select ten rows, so with the plain condition it walked every row of the owner through an index
    /// that leads with it (every delivery, line or step ever synced) and filtered by id.
    /// </summary>
    public static string OwnedBy(string column, string parameter) => $"+{column} = {parameter}";

    /// <summary>The value to bind for a list that <see cref="InList"/> reads.</summary>
    public object ListOf<T>(IEnumerable<T> values) => IsPostgres ? values.ToArray() : JsonSerializer.Serialize(values);

    /// <summary>
    /// A table named <c>r</c> with the given columns, read from one parameter that holds a JSON array of objects, one
    /// per row (see <see cref="JsonRows"/>): the way a whole batch goes into one INSERT ... SELECT. The types are
    /// PostgreSQL's; SQLite takes each JSON value as it is.
    /// </summary>
    public string JsonRows(string parameter, params (string Name, string Type)[] columns) =>
        IsPostgres
            ? $"json_to_recordset({parameter}::json) AS r({string.Join(", ", columns.Select(c => $"{c.Name} {c.Type}"))})"
            : $"(SELECT {string.Join(", ", columns.Select(c => $"value ->> '{c.Name}' AS {c.Name}"))} FROM json_each({parameter})) AS r";

    /// <summary>
    /// An aggregate of the ids in <paramref name="idExpression"/> (NULLs left out) as comma-separated text, in no order:
    /// the rows behind a grouped count, read with <see cref="ParseIdList"/>, so a count and its evidence are one query.
    /// </summary>
    public string IdList(string idExpression) =>
        IsPostgres ? $"string_agg(({idExpression})::text, ',')" : $"group_concat({idExpression})";

    /// <summary>The ids of an <see cref="IdList"/>, ascending. Read in place: a month's list holds tens of thousands.</summary>
    public static List<long> ParseIdList(string? ids)
    {
        if (string.IsNullOrEmpty(ids)) return [];
        var text = ids.AsSpan();
        var parsed = new List<long>(text.Count(',') + 1);
        foreach (var id in text.Split(','))
        {
            parsed.Add(long.Parse(text[id], System.Globalization.CultureInfo.InvariantCulture));
        }
        parsed.Sort();
        return parsed;
    }

    public static Dialect For(DatabaseProvider provider) =>
        provider == DatabaseProvider.Postgres ? Postgres : Sqlite;
}
