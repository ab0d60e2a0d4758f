using System.Data.Common;

namespace Portal.Data.Database;

public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>For SQLite a plain file path is accepted as well as a full connection string.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// Diagnostics only, never set from configuration: called with every connection <see cref="PortalDatabase"/> opens,
    /// before anyone uses it, so that a test can watch every statement the product runs (the query plan test traces
    /// each SQLite connection and has PostgreSQL explain each query).
    /// </summary>
    public Func<DbConnection, CancellationToken, Task>? ConnectionOpened { get; set; }
}
