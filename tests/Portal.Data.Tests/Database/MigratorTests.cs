using Dapper;
using Portal.Data.Database;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Database;

public sealed class MigratorTests
{
    [Theory, OnBothDatabases]
    public async Task Migrating_a_fresh_database_applies_every_script_of_the_dialect(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateEmptyAsync(provider);

        await db.NewMigrator().MigrateAsync(Ct);

        Assert.Equal(ScriptsOf(db), await AppliedScriptsAsync(db));
        await using var connection = await db.Database.OpenAsync(Ct);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM payments"));
    }

    [Theory, OnBothDatabases]
    public async Task Migrating_again_changes_nothing_and_keeps_the_data(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateEmptyAsync(provider);
        await db.NewMigrator().MigrateAsync(Ct);
        await World.SeedAsync(db);
        var before = await AppliedScriptsAsync(db);

        await db.NewMigrator().MigrateAsync(Ct);

        Assert.Equal(before, await AppliedScriptsAsync(db));
        await using var connection = await db.Database.OpenAsync(Ct);
        Assert.Equal(3, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM organisations"));
    }

    [Fact]
    public async Task Postgres_nodes_migrating_at_once_queue_on_the_advisory_lock_and_apply_the_schema_once()
    {
        Assert.SkipWhen(PostgresServer.SkipReason is not null, PostgresServer.SkipReason ?? "");
        await using var db = await TestDatabase.CreateEmptyAsync(DatabaseProvider.Postgres);

        // Without the lock, DbUp on each node finds no journal and both create the same tables: one fails.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => db.NewMigrator().MigrateAsync(Ct))));

        Assert.Equal(ScriptsOf(db), await AppliedScriptsAsync(db));
        await using var connection = await db.Database.OpenAsync(Ct);
        // pg_locks is server-wide: other test classes migrate their own databases on the same server meanwhile.
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"));
    }

    private static List<string> ScriptsOf(TestDatabase db) =>
        typeof(Migrator).Assembly.GetManifestResourceNames()
            .Where(name => name.Contains($".sql.{db.Database.Dialect.ScriptFolder}.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static async Task<List<string>> AppliedScriptsAsync(TestDatabase db)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        var applied = await connection.QueryAsync<string>("SELECT scriptname FROM schemaversions ORDER BY scriptname");
        return applied.ToList();
    }
}
