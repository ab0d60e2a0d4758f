using Dapper;
using Portal.Data.Database;
using Portal.Data.Erp;
using Portal.Data.Tenancy;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Erp;

/// <summary>
/// Migration 0035 counts the order lines already stored into their due days, so that on time in full reads the same
/// from them as from the lines, and a later revision moves each line from the day it was counted on.
/// </summary>
public sealed class LinesDueMigrationTests
{
    [Theory, OnBothDatabases]
    public async Task Lines_stored_before_the_migration_are_counted_on_their_due_days(DatabaseProvider provider)
    {
        await using var db = await EarlierSchema.CreateBeforeAsync(provider, "0035");
        var w = await World.SeedAsync(db);
        var p = w.PartnershipAId;
        long late, open;
        await using (var connection = await db.Database.OpenAsync(Ct))
        {
            var now = db.Clock.GetUtcNow();
            var (item, order) = await EarlierSchema.OrderAsync(connection, p, new DateOnly(2025, 12, 1), now);
            const string line = """
                INSERT INTO purchase_order_lines (partnership_id, purchase_order_id, line_no, item_id, quantity, unit_price_minor, due_on, delivered_quantity, fulfilled_on)
                VALUES (@p, @order, @lineNo, @item, 10, 100, @dueOn, @delivered, @fulfilledOn) RETURNING id
                """;
            await connection.ExecuteAsync(line, new { p, order, lineNo = 1, item, dueOn = new DateOnly(2026, 1, 10), delivered = 10, fulfilledOn = (DateOnly?)new DateOnly(2026, 1, 9) });
            late = await connection.ExecuteScalarAsync<long>(line, new { p, order, lineNo = 2, item, dueOn = new DateOnly(2026, 1, 15), delivered = 10, fulfilledOn = (DateOnly?)new DateOnly(2026, 1, 20) });
            open = await connection.ExecuteScalarAsync<long>(line, new { p, order, lineNo = 3, item, dueOn = new DateOnly(2026, 1, 15), delivered = 0, fulfilledOn = (DateOnly?)null });
        }

        await db.NewMigrator().MigrateAsync(Ct);

        var scope = CallerScope.ForSystem("test", p);
        var before = (await db.GuaranteeMetrics.OnTimeInFullAsync(scope, [p], new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31), Ct))[p];
        Assert.Equal((1L, 3L), (before.Numerator, before.Denominator));
        Assert.Equal([late, open], before.SourceIds);
        Assert.Equal([(new DateOnly(2026, 1, 10), 1L), (new DateOnly(2026, 1, 15), 2L)], await DueDaysAsync(db, p));

        // The ERP's next revision moves the open line to February: it leaves the day it was counted on by the migration.
        await db.ErpRecords.ImportHistoryAsync(scope, p, new ErpHistory([], [new ErpPurchaseOrder("PO-1", 2, "PO-1", new DateOnly(2025, 12, 1), "EUR",
        [
            new ErpPurchaseOrderLine(1, "I-1", 10, 100, new DateOnly(2026, 1, 10)), new ErpPurchaseOrderLine(2, "I-1", 10, 100, new DateOnly(2026, 1, 15)),
            new ErpPurchaseOrderLine(3, "I-1", 10, 100, new DateOnly(2026, 2, 3)),
        ])], [], [], []), Ct);

        Assert.Equal([(new DateOnly(2026, 1, 10), 1L), (new DateOnly(2026, 1, 15), 1L), (new DateOnly(2026, 2, 3), 1L)], await DueDaysAsync(db, p));
        // (The revision also recomputes each line's fulfilment from its receipts, of which these hand-written lines have none.)
        var january = (await db.GuaranteeMetrics.OnTimeInFullAsync(scope, [p], new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31), Ct))[p];
        Assert.Equal(2L, january.Denominator);
        Assert.DoesNotContain(open, january.SourceIds);
    }

    private static async Task<List<(DateOnly DueOn, long Lines)>> DueDaysAsync(TestDatabase db, long p)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        return (await connection.QueryAsync<(DateOnly DueOn, long Lines)>(
            "SELECT due_on, lines FROM order_lines_due WHERE partnership_id = @p AND lines <> 0 ORDER BY due_on", new { p })).ToList();
    }
}
