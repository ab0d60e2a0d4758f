using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Portal.Data.Database;

/// <summary>
/// The connection factory: opens configured connections and runs units of work in one transaction.
/// SQLite connections get WAL, a busy timeout and foreign keys; write transactions start IMMEDIATE so
/// that two writers queue on the lock instead of failing half-way with SQLITE_BUSY.
/// The token given to <see cref="OpenAsync"/> stops the connection's running statement on either database: Npgsql
/// sends a cancel request for the commands it is passed to, a SQLite connection is interrupted (see
/// <see cref="InterruptibleSqliteConnection"/>). Either way the caller gets an <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class PortalDatabase
{
    private readonly string _connectionString;
    private readonly NpgsqlDataSource? _postgres;
    private readonly Func<DbConnection, CancellationToken, Task>? _connectionOpened;

    public PortalDatabase(DatabaseOptions options)
    {
        Dialect = Dialect.For(options.Provider);
        _connectionOpened = options.ConnectionOpened;
        if (Dialect.IsPostgres)
        {
            _connectionString = options.ConnectionString;
            _postgres = NpgsqlDataSource.Create(options.ConnectionString);
        }
        else
        {
            _connectionString = SqliteConnectionStringFor(options.ConnectionString);
        }
        TypeHandlers.Register();
    }

    public Dialect Dialect { get; }

    public string ConnectionString => _connectionString;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = _postgres is not null ? await _postgres.OpenConnectionAsync(cancellationToken) : await OpenSqliteAsync(cancellationToken);
        if (_connectionOpened is not null)
        {
            await _connectionOpened(connection, cancellationToken);
        }
        return connection;
    }

    private async Task<DbConnection> OpenSqliteAsync(CancellationToken cancellationToken)
    {
        var connection = new InterruptibleSqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        connection.InterruptOn(cancellationToken);
        return connection;
    }

    /// <summary>Runs <paramref name="work"/> in one transaction; commits when it returns, rolls back when it throws.</summary>
    public async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public Task InTransactionAsync(Func<DbConnection, DbTransaction, Task> work, CancellationToken cancellationToken = default) =>
        InTransactionAsync<bool>(async (c, t) => { await work(c, t); return true; }, cancellationToken);

    private static string SqliteConnectionStringFor(string configured)
    {
        var builder = configured.Contains('=')
            ? new SqliteConnectionStringBuilder(configured)
            : new SqliteConnectionStringBuilder { DataSource = configured };
        builder.Pooling = true;
        builder.DefaultTimeout = 30;
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        return builder.ToString();
    }
}
