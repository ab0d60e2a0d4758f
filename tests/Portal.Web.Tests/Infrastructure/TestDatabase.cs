using Npgsql;
using Portal.Data.Database;

namespace Portal.Web.Tests.Infrastructure;

/// <summary>
/// A database of its own for one portal under test: a SQLite file in a temporary folder, or a fresh database in the
/// PostgreSQL server that <see cref="PostgresVariable"/> points at. Deleted (dropped) on dispose.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    /// <summary>A connection string to a PostgreSQL server whose user may create databases, e.g. Host=127.0.0.1;Port=5433;Username=postgres.</summary>
    public const string PostgresVariable = "PORTAL_TEST_POSTGRES";

    private readonly string? _postgresServer;
    private readonly string? _postgresDatabase;

    private TestDatabase(DatabaseProvider provider)
    {
        Provider = provider;
        Directory = System.IO.Directory.CreateTempSubdirectory("portal-test-").FullName;
        if (provider == DatabaseProvider.Sqlite)
        {
            ConnectionString = Path.Combine(Directory, "portal.db");
            return;
        }
        _postgresServer = PostgresServer ?? throw new InvalidOperationException($"Set {PostgresVariable} to test on PostgreSQL.");
        _postgresDatabase = $"portal_test_{Guid.NewGuid():N}";
        Execute($"CREATE DATABASE {_postgresDatabase}");
        ConnectionString = new NpgsqlConnectionStringBuilder(_postgresServer) { Database = _postgresDatabase }.ConnectionString;
    }

    public static string? PostgresServer => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } server ? server : null;

    /// <summary>Why PostgreSQL cases are skipped, or null when they run.</summary>
    public static string? PostgresSkipReason => PostgresServer is null
        ? $"PostgreSQL cases run when {PostgresVariable} holds a connection string to a server (test.sh sets it)."
        : null;

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>The portal's data directory: never the developer's own.</summary>
    public string Directory { get; }

    public static TestDatabase Create(DatabaseProvider provider) => new(provider);

    public DatabaseOptions Options => new() { Provider = Provider, ConnectionString = ConnectionString };

    public void Dispose()
    {
        if (_postgresDatabase is not null)
        {
            // The portal's pools still hold connections to it; FORCE ends them.
            NpgsqlConnection.ClearAllPools();
            Execute($"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)");
        }
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(_postgresServer);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
