using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Portal.Bench;

/// <summary>
/// A database of the bench's own for one portal: a fresh data directory (the SQLite file, and the portal's files) and, on
/// PostgreSQL, a fresh database on the given cluster. Both go when it is disposed, after the portal has stopped.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string? _database;

    private BenchDatabase(string dataDirectory, string connectionString, string admin, string? database)
    {
        DataDirectory = dataDirectory;
        ConnectionString = connectionString;
        _admin = admin;
        _database = database;
        Settings = new Dictionary<string, string> { ["Portal__DataDirectory"] = dataDirectory };
        if (database is not null)
        {
            Settings["Portal__Database__Provider"] = "Postgres";
            Settings["Portal__Database__ConnectionString"] = connectionString;
        }
    }

    public string DataDirectory { get; }

    /// <summary>The SQLite file's path, or the PostgreSQL connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>A connection of the bench's own to this database, not yet open.</summary>
    public DbConnection Connect() => _database is null ? new SqliteConnection($"Data Source={ConnectionString}") : new NpgsqlConnection(ConnectionString);

    /// <summary>A day as this database's date columns hold it: a date on PostgreSQL, ISO text (YYYY-MM-DD) on SQLite.</summary>
    public object Day(DateOnly day) => _database is null ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : day;

    /// <summary>The portal's environment for this database.</summary>
    public Dictionary<string, string> Settings { get; }

    public static async Task<BenchDatabase> CreateAsync(BenchOptions options)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("portal-bench-").FullName;
        if (!options.Postgres) return new BenchDatabase(dataDirectory, Path.Combine(dataDirectory, "portal.db"), options.AdminConnection, null);
        var database = $"portal_bench_{Guid.NewGuid():N}";
        await using (var cluster = new NpgsqlConnection(options.AdminConnection))
        {
            await cluster.OpenAsync();
            await cluster.ExecuteAsync($"CREATE DATABASE {database}");
        }
        var connectionString = new NpgsqlConnectionStringBuilder(options.AdminConnection) { Database = database }.ConnectionString;
        return new BenchDatabase(dataDirectory, connectionString, options.AdminConnection, database);
    }

    /// <summary>A database an earlier run kept (<see cref="BenchOptions.Reuse"/>): the caller leaves it in place.</summary>
    public static BenchDatabase Kept(BenchOptions options, string kept) =>
        options.Postgres
            ? new BenchDatabase(Directory.CreateTempSubdirectory("portal-bench-").FullName, kept, options.AdminConnection, new NpgsqlConnectionStringBuilder(kept).Database)
            : new BenchDatabase(Path.GetDirectoryName(kept)!, kept, options.AdminConnection, null);

    /// <summary>
    /// On PostgreSQL, what autovacuum does within a minute or two of a bulk load on a live system: statistics for the
    /// planner and the visibility map that index-only scans need. Measuring seconds after 150k rows arrived would time a
    /// state that no running portal stays in. SQLite keeps no such state: nothing to do.
    /// </summary>
    public async Task<TimeSpan> SettleAsync()
    {
        if (_database is null) return TimeSpan.Zero;
        var watch = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync("VACUUM (ANALYZE)", commandTimeout: 600);
        return watch.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        Directory.Delete(DataDirectory, recursive: true);
        if (_database is null) return;
        NpgsqlConnection.ClearAllPools();
        await using var cluster = new NpgsqlConnection(_admin);
        await cluster.OpenAsync();
        await cluster.ExecuteAsync($"DROP DATABASE {_database} WITH (FORCE)");
    }
}
