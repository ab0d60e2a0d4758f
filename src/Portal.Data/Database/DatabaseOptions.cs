using System.Data.Common;

namespace Portal.Data.Database;

public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>For SQLite a plain file path is accepted as well as a full connection string.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// How long a statement waits for a lock another connection holds (SQLite's busy timeout, PostgreSQL's
    /// lock_timeout) before it gives up with a transient error: the person or ERP is then told to try again in a
    /// moment, instead of waiting for half a minute and getting an error. A few seconds covers every ordinary write.
    /// </summary>
    public int LockTimeoutSeconds { get; set; } = 5;

    /// <summary>
    /// Diagnostics only, never set from configuration: called with every connection <see cref="PortalDatabase"/> opens,
    /// before anyone uses it, so that a test can watch every statement the product runs (the query plan test traces
    /// each SQLite connection and has PostgreSQL explain each query).
    /// </summary>
    public Func<DbConnection, CancellationToken, Task>? ConnectionOpened { get; set; }
}
