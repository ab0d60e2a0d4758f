using Microsoft.Data.Sqlite;
using Npgsql;

namespace Portal.Data.Database;

/// <summary>
/// Failures that say "the database could not do it now", not "this cannot be done": a lock held longer than the
/// lock timeout (SQLite busy or locked, PostgreSQL lock_not_available), a refused or dropped connection, a server
/// shutting down or out of connections. The transaction rolled back and nothing was written, so the same request may
/// simply be sent again in a moment; pages answer 503 and gRPC UNAVAILABLE.
/// </summary>
public static class TransientDatabaseErrors
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked } or NpgsqlException { IsTransient: true })
            {
                return true;
            }
        }
        return false;
    }
}
