using Dapper;
using Portal.Data.Database;
using Portal.Data.Erp;
using Portal.Data.Tenancy;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Erp;

/// <summary>
/// Migration 0036 adds the day of each order line's last receipt, which decides whether a new receipt may move the line
/// on from its stored figures or must recount it. A line received against before the migration does not know that day,
/// so its next receipt recounts it, whatever its date.
/// </summary>
public sealed class LastReceiptMigrationTests
{
    [Theory, OnBothDatabases]
    public async Task The_next_receipt_of_a_line_received_against_before_the_migration_recounts_it(DatabaseProvider provider)
    {
        await using var db = await EarlierSchema.CreateBeforeAsync(provider, "0036");
        var w = await World.SeedAsync(db);
        var p = w.PartnershipAId;
        long line;
        await using (var connection = await db.Database.OpenAsync(Ct))
        {
            var now = db.Clock.GetUtcNow();
            var (item, order) = await EarlierSchema.OrderAsync(connection, p, new DateOnly(2026, 1, 2), now);
            line = await connection.ExecuteScalarAsync<long>(
                """
                INSERT INTO purchase_order_lines (partnership_id, purchase_order_id, line_no, item_id, quantity, unit_price_minor, due_on, delivered_quantity, counted_due_on)
                VALUES (@p, @order, 1, @item, 10, 100, @dueOn, 4, @dueOn) RETURNING id
                """, new { p, order, item, dueOn = new DateOnly(2026, 1, 31) });
            foreach (var (external, on, quantity) in new[] { ("GR-1", new DateOnly(2026, 1, 5), 1), ("GR-2", new DateOnly(2026, 1, 8), 3) })
            {
                var delivery = await connection.ExecuteScalarAsync<long>(
                    """
                    INSERT INTO deliveries (partnership_id, external_id, revision, delivered_on, updated_at, counted_on, counted_quantity)
                    VALUES (@p, @external, 1, @on, @now, @on, @quantity) RETURNING id
                    """, new { p, external, on, now, quantity });
                await connection.ExecuteAsync(
                    "INSERT INTO delivery_lines (partnership_id, delivery_id, line_no, po_line_id, quantity) VALUES (@p, @delivery, 1, @line, @quantity)",
                    new { p, delivery, line, quantity });
            }
        }

        await db.NewMigrator().MigrateAsync(Ct);
        Assert.Equal((4L, (DateOnly?)null, (DateOnly?)null), await FiguresAsync(db, line));

        // Received on the 7th, the six complete the line on the 8th (1 + 6 + 3), not on the 7th as moving on from 4 would say.
        await db.ErpRecords.ImportHistoryAsync(CallerScope.ForSystem("test", p), p,
            new ErpHistory([], [], [new ErpDelivery("GR-3", 1, new DateOnly(2026, 1, 7), [new ErpDeliveryLine(1, "PO-1", 1, 6, null)])], [], []), Ct);

        Assert.Equal((10L, (DateOnly?)new DateOnly(2026, 1, 8), (DateOnly?)new DateOnly(2026, 1, 8)), await FiguresAsync(db, line));
    }

    private static async Task<(long Delivered, DateOnly? LastDeliveredOn, DateOnly? FulfilledOn)> FiguresAsync(TestDatabase db, long line)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        return await connection.QuerySingleAsync<(long, DateOnly?, DateOnly?)>(
            "SELECT delivered_quantity, last_delivered_on, fulfilled_on FROM purchase_order_lines WHERE id = @line", new { line });
    }
}
