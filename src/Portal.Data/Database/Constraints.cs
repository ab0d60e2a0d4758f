using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Portal.Data.Database;

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
