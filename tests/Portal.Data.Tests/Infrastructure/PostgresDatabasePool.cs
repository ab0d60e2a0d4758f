using System.Collections.Concurrent;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Data.Database;

[assembly: AssemblyFixture(typeof(Portal.Data.Tests.Infrastructure.PostgresDatabasePool.DropWhenRunEnds))]

namespace Portal.Data.Tests.Infrastructure;

/// <summary>
/// Migrated PostgreSQL databases lent to one test at a time. Creating and migrating a database costs about a
/// quarter of a second and most of the cluster's CPU; emptying one costs a few milliseconds. So each database
/// is made once, emptied (identities restarted) when a test gives it back, and dropped when the run ends.
/// </summary>
public static class PostgresDatabasePool
{
    private static readonly ConcurrentBag<Lent> Idle = [];
    private static readonly ConcurrentQueue<string> Created = [];

    public sealed record Lent(string Name, DatabaseOptions Options, PortalDatabase Database, string EmptyingSql);

    public static async Task<Lent> RentAsync()
    {
        if (Idle.TryTake(out var idle))
        {
            return idle;
        }
        var name = $"portal_test_{Guid.NewGuid():N}";
        Created.Enqueue(name);
        var options = new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = await PostgresServer.CreateDatabaseAsync(name) };
        var database = new PortalDatabase(options);
        await new Migrator(database, options, NullLogger<Migrator>.Instance).MigrateAsync(Ct);
        await using var connection = await database.OpenAsync(Ct);
        var tables = await connection.ExecuteScalarAsync<string>(
            "SELECT string_agg(format('%I', tablename), ', ') FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schemaversions'");
        return new Lent(name, options, database, $"TRUNCATE {tables} RESTART IDENTITY CASCADE");
    }

    public static async Task ReturnAsync(Lent lent)
    {
        await using var connection = await lent.Database.OpenAsync();
        await connection.ExecuteAsync(lent.EmptyingSql);
        Idle.Add(lent);
    }

    /// <summary>Registered as an assembly fixture: xunit disposes it once every test has run.</summary>
    public sealed class DropWhenRunEnds : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            while (Created.TryDequeue(out var name))
            {
                await PostgresServer.DropDatabaseAsync(name);
            }
        }
    }
}
