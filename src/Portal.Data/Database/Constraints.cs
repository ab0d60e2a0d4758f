using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Portal.Data.Database;

/// <summary>A unique key said no: the caller asked for something that already exists.</summary>
public sealed class DuplicateException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The caller's scope does not allow the operation at all (as opposed to a record it cannot see).</summary>
public sealed class ScopeException(string message) : Exception(message);

public static class Constraints
{
    /// <summary>Idempotency is by constraint: turns a unique violation of either database into <see cref="DuplicateException"/>.</summary>
    public static async Task<T> MapDuplicateAsync<T>(string message, Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (DbException e) when (IsUniqueViolation(e))
        {
            throw new DuplicateException(message, e);
        }
    }

    public static bool IsUniqueViolation(DbException e) => e switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
