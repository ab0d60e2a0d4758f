using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Portal.Data.Database;

/// <summary>
/// The connection factory: opens configured connections and runs units of work in one transaction.
/// SQLite connections get WAL, a busy timeout and foreign keys; write transactions start IMMEDIATE so
/// that two writers queue on the lock instead of failing half-way with SQLITE_BUSY. Both databases wait at most
/// <see cref="DatabaseOptions.LockTimeoutSeconds"/> for a lock, then fail with an error that
/// <see cref="TransientDatabaseErrors"/> recognises.
/// The token given to <see cref="OpenAsync"/> stops the connection's running statement on either database: Npgsql
/// sends a cancel request for the commands it is passed to, a SQLite connection is interrupted (see
/// <see cref="InterruptibleSqliteConnection"/>). Either way the caller gets an <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class PortalDatabase
{
    private readonly string _connectionString;
    private readonly NpgsqlDataSource? _postgres;
    private readonly Func<DbConnection, CancellationToken, Task>? _connectionOpened;
    private readonly int _lockTimeoutMilliseconds;

    public PortalDatabase(DatabaseOptions options)
    {
        Dialect = Dialect.For(options.Provider);
        _connectionOpened = options.ConnectionOpened;
        _lockTimeoutMilliseconds = checked(Math.Max(1, options.LockTimeoutSeconds) * 1000);
        if (Dialect.IsPostgres)
        {
            _connectionString = PostgresConnectionStringFor(options.ConnectionString, _lockTimeoutMilliseconds);
            _postgres = NpgsqlDataSource.Create(_connectionString);
        }
        else
        {
            _connectionString = SqliteConnectionStringFor(options.ConnectionString, options.LockTimeoutSeconds);
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
        pragma.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA busy_timeout={_lockTimeoutMilliseconds}; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;";
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

    /// <summary>
    /// A lock_timeout unless the connection string sets its own options: a statement queued behind another
    /// transaction's row lock then fails with lock_not_available (transient) instead of waiting without end.
    /// </summary>
    private static string PostgresConnectionStringFor(string configured, int lockTimeoutMilliseconds)
    {
        var builder = new NpgsqlConnectionStringBuilder(configured);
        if (string.IsNullOrEmpty(builder.Options))
        {
            builder.Options = $"-c lock_timeout={lockTimeoutMilliseconds}";
        }
        return builder.ToString();
    }

    private static string SqliteConnectionStringFor(string configured, int lockTimeoutSeconds)
    {
        var builder = configured.Contains('=')
            ? new SqliteConnectionStringBuilder(configured)
            : new SqliteConnectionStringBuilder { DataSource = configured };
        builder.Pooling = true;
        // Microsoft.Data.Sqlite retries a busy statement until this many seconds have passed, on top of the busy
        // timeout's own wait; the same figure bounds both, so that a held lock is given up after about that long.
        builder.DefaultTimeout = Math.Max(1, lockTimeoutSeconds);
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        return builder.ToString();
    }
}
