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

    public static Dialect For(DatabaseProvider provider) =>
        provider == DatabaseProvider.Postgres ? Postgres : Sqlite;
}
