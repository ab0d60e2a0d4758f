using System.Data;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Portal.Data.Database;

/// <summary>
/// Reports a statement stopped by <see cref="InterruptibleSqliteConnection"/> the way Npgsql reports a cancelled one:
/// as an <see cref="OperationCanceledException"/>, so that callers handle one kind of cancellation for both databases.
/// The statement's first step (where a sorted or aggregated query does all its work) runs inside these calls; an
/// interrupt that lands while a later row is read still surfaces as SQLITE_INTERRUPT, which is why the hosts treat any
/// failure after their token was cancelled as that cancellation.
/// </summary>
internal sealed class CancellableSqliteCommand : SqliteCommand
{
    public override async Task<SqliteDataReader> ExecuteReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
    {
        try
        {
            return await base.ExecuteReaderAsync(behavior, cancellationToken);
        }
        catch (SqliteException e) when (Interrupted(e) is { } token)
        {
            throw new OperationCanceledException("The statement was interrupted because its caller cancelled.", e, token);
        }
    }

    public override async Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await base.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException e) when (Interrupted(e) is { } token)
        {
            throw new OperationCanceledException("The statement was interrupted because its caller cancelled.", e, token);
        }
    }

    public override async Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await base.ExecuteScalarAsync(cancellationToken);
        }
        catch (SqliteException e) when (Interrupted(e) is { } token)
        {
            throw new OperationCanceledException("The statement was interrupted because its caller cancelled.", e, token);
        }
    }

    private CancellationToken? Interrupted(SqliteException e) =>
        e.SqliteErrorCode == raw.SQLITE_INTERRUPT && Connection is InterruptibleSqliteConnection { InterruptedBy: { IsCancellationRequested: true } token }
            ? token
            : null;
}
