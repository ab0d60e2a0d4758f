using System.Data.Common;
using Dapper;
using DbUp;
using Portal.Data.Database;

namespace Portal.Data.Tests.Infrastructure;

/// <summary>
/// A database as an older release left it: the migrations before a given one applied with DbUp, so that a test can write
/// rows the old way and then run the migrator over them.
/// </summary>
public static class EarlierSchema
{
    /// <summary>An empty database with every migration whose file name sorts before <paramref name="firstNotApplied"/> (e.g. "0035").</summary>
    public static async Task<TestDatabase> CreateBeforeAsync(DatabaseProvider provider, string firstNotApplied)
    {
        var db = await TestDatabase.CreateEmptyAsync(provider);
        await using (await db.Database.OpenAsync(TestContext.Current.CancellationToken))
        {
            // Creates the SQLite file in WAL mode before DbUp opens it, as the migrator does.
        }
        var builder = provider == DatabaseProvider.Postgres
            ? DeployChanges.To.PostgresqlDatabase(db.Options.ConnectionString)
            : DeployChanges.To.SqliteDatabase(db.Database.ConnectionString);
        var folder = $".sql.{db.Database.Dialect.ScriptFolder}.";
        var result = builder
            .WithScriptsEmbeddedInAssembly(typeof(Migrator).Assembly, name => name.Contains(folder, StringComparison.Ordinal)
                && string.CompareOrdinal(name[(name.IndexOf(folder, StringComparison.Ordinal) + folder.Length)..], firstNotApplied) < 0)
            .WithTransaction()
            .LogToNowhere()
            .Build()
            .PerformUpgrade();
        Assert.True(result.Successful, result.Error?.Message);
        return db;
    }

    /// <summary>
    /// An item "I-1" and a purchase order "PO-1" of <paramref name="partnershipId"/>, written as rows the way any release
    /// left them, for a test to hang lines and receipts of an earlier schema on.
    /// </summary>
    public static async Task<(long Item, long Order)> OrderAsync(DbConnection connection, long partnershipId, DateOnly orderedOn, DateTimeOffset now)
    {
        var item = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO items (partnership_id, external_id, revision, sku, name, unit, updated_at) VALUES (@partnershipId, 'I-1', 1, 'SKU-1', 'Part', 'pcs', @now) RETURNING id",
            new { partnershipId, now });
        var order = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO purchase_orders (partnership_id, external_id, revision, number, ordered_on, currency, updated_at) VALUES (@partnershipId, 'PO-1', 1, 'PO-1', @orderedOn, 'EUR', @now) RETURNING id",
            new { partnershipId, orderedOn, now });
        return (item, order);
    }
}
