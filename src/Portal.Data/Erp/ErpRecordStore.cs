using System.Data.Common;
using Dapper;
using Portal.Data.Audit;
using Portal.Data.Database;
using Portal.Data.Tenancy;

namespace Portal.Data.Erp;

/// <summary>
/// Reads and writes the ERP's records for one partnership. Writes are upserts by external id that keep the
/// newer revision, so replaying the same history changes nothing.
/// </summary>
public sealed class ErpRecordStore(PortalDatabase database, AuditTrail audit, TimeProvider clock)
{
    /// <summary>Applies a whole history in one transaction (all or nothing). False when the partnership is outside the scope.</summary>
    public Task<bool> ImportHistoryAsync(CallerScope scope, long partnershipId, ErpHistory history, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            if (!scope.CanSee(partnershipId))
            {
                return false;
            }
            var now = clock.GetUtcNow();
            foreach (var item in history.Items)
            {
                await connection.ExecuteAsync(
                    """
                    INSERT INTO items (partnership_id, external_id, revision, sku, name, unit, updated_at)
                    VALUES (@partnershipId, @ExternalId, @Revision, @Sku, @Name, @Unit, @now)
                    ON CONFLICT (partnership_id, external_id) DO UPDATE SET revision = excluded.revision, sku = excluded.sku,
                        name = excluded.name, unit = excluded.unit, updated_at = excluded.updated_at
                    WHERE excluded.revision > items.revision
                    """, new { partnershipId, item.ExternalId, item.Revision, item.Sku, item.Name, item.Unit, now }, transaction);
            }
            foreach (var order in history.PurchaseOrders)
            {
                await UpsertPurchaseOrderAsync(connection, transaction, partnershipId, order, now);
            }
            foreach (var delivery in history.Deliveries)
            {
                await UpsertDeliveryAsync(connection, transaction, partnershipId, delivery, now);
            }
            foreach (var invoice in history.Invoices)
            {
                await connection.ExecuteAsync(
                    """
                    INSERT INTO invoices (partnership_id, external_id, revision, number, purchase_order_id, issued_on, due_on, amount_minor, currency, updated_at)
                    VALUES (@partnershipId, @ExternalId, @Revision, @Number,
                            (SELECT id FROM purchase_orders WHERE partnership_id = @partnershipId AND external_id = @PurchaseOrderExternalId),
                            @IssuedOn, @DueOn, @AmountMinor, @Currency, @now)
                    ON CONFLICT (partnership_id, external_id) DO UPDATE SET revision = excluded.revision, number = excluded.number,
                        purchase_order_id = excluded.purchase_order_id, issued_on = excluded.issued_on, due_on = excluded.due_on,
                        amount_minor = excluded.amount_minor, currency = excluded.currency, updated_at = excluded.updated_at
                    WHERE excluded.revision > invoices.revision
                    """,
                    new { partnershipId, invoice.ExternalId, invoice.Revision, invoice.Number, invoice.PurchaseOrderExternalId, invoice.IssuedOn, invoice.DueOn, invoice.AmountMinor, invoice.Currency, now },
                    transaction);
            }
            foreach (var payment in history.Payments)
            {
                await connection.ExecuteAsync(
                    """
                    INSERT INTO payments (partnership_id, external_id, revision, invoice_id, paid_on, amount_minor, currency, updated_at)
                    VALUES (@partnershipId, @ExternalId, @Revision,
                            (SELECT id FROM invoices WHERE partnership_id = @partnershipId AND external_id = @InvoiceExternalId),
                            @PaidOn, @AmountMinor, @Currency, @now)
                    ON CONFLICT (partnership_id, external_id) DO UPDATE SET revision = excluded.revision, invoice_id = excluded.invoice_id,
                        paid_on = excluded.paid_on, amount_minor = excluded.amount_minor, currency = excluded.currency, updated_at = excluded.updated_at
                    WHERE excluded.revision > payments.revision
                    """,
                    new { partnershipId, payment.ExternalId, payment.Revision, payment.InvoiceExternalId, payment.PaidOn, payment.AmountMinor, payment.Currency, now },
                    transaction);
            }
            await audit.RecordAsync(connection, transaction, scope, partnershipId, "ErpHistory", partnershipId, "Imported", null, new
            {
                Items = history.Items.Count,
                PurchaseOrders = history.PurchaseOrders.Count,
                Deliveries = history.Deliveries.Count,
                Invoices = history.Invoices.Count,
                Payments = history.Payments.Count,
            });
            return true;
        }, cancellationToken);

    public async Task<ErpSummary> GetSummaryAsync(CallerScope scope, long partnershipId, DateOnly today, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var parameters = new { partnershipId, Allowed = scope.PartnershipIds, today, yearAgo = today.AddYears(-1) };
        return await connection.QuerySingleAsync<ErpSummary>(new CommandDefinition(
            $"""
            WITH line_delivery AS (
                SELECT l.id, l.quantity, l.due_on,
                       COALESCE(SUM(CASE WHEN d.delivered_on <= l.due_on THEN dl.quantity END), 0) AS on_time_qty,
                       COALESCE(SUM(dl.quantity), 0) AS delivered_qty
                FROM purchase_order_lines l
                LEFT JOIN delivery_lines dl ON dl.po_line_id = l.id
                LEFT JOIN deliveries d ON d.id = dl.delivery_id
                WHERE l.partnership_id = @partnershipId AND {Allowed("l.partnership_id")}
                GROUP BY l.id, l.quantity, l.due_on
            ),
            paid AS (
                SELECT i.id, i.amount_minor, i.due_on, i.issued_on, COALESCE(SUM(p.amount_minor), 0) AS paid_minor
                FROM invoices i LEFT JOIN payments p ON p.invoice_id = i.id
                WHERE i.partnership_id = @partnershipId AND {Allowed("i.partnership_id")}
                GROUP BY i.id, i.amount_minor, i.due_on, i.issued_on
            )
            SELECT
                (SELECT COUNT(*) FROM line_delivery WHERE delivered_qty < quantity) AS open_order_lines,
                (SELECT COUNT(*) FROM deliveries WHERE partnership_id = @partnershipId AND {Allowed("partnership_id")} AND delivered_on > @yearAgo) AS deliveries_last12_months,
                (SELECT COUNT(*) FROM line_delivery WHERE due_on > @yearAgo AND due_on <= @today) AS lines_due_last12_months,
                (SELECT COUNT(*) FROM line_delivery WHERE due_on > @yearAgo AND due_on <= @today AND on_time_qty >= quantity) AS lines_on_time_in_full_last12_months,
                (SELECT COALESCE(SUM(amount_minor), 0) FROM paid WHERE issued_on > @yearAgo) AS invoiced_last12_months_minor,
                (SELECT COALESCE(SUM(amount_minor - paid_minor), 0) FROM paid WHERE paid_minor < amount_minor) AS open_invoices_minor,
                (SELECT COALESCE(SUM(amount_minor - paid_minor), 0) FROM paid WHERE paid_minor < amount_minor AND due_on < @today) AS overdue_minor
            """, parameters, cancellationToken: cancellationToken));

        string Allowed(string column) => database.Dialect.IsIn(column, "@Allowed");
    }

    public async Task<IReadOnlyList<RecentDelivery>> GetRecentDeliveriesAsync(CallerScope scope, long partnershipId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<RecentDelivery>(new CommandDefinition(
            $"""
            SELECT d.external_id, d.delivered_on, po.number AS purchase_order_number, i.name AS item_name, dl.quantity, dl.lot, l.due_on
            FROM deliveries d
            JOIN delivery_lines dl ON dl.delivery_id = d.id
            JOIN purchase_order_lines l ON l.id = dl.po_line_id
            JOIN purchase_orders po ON po.id = l.purchase_order_id
            JOIN items i ON i.id = l.item_id
            WHERE d.partnership_id = @partnershipId AND {database.Dialect.IsIn("d.partnership_id", "@Allowed")}
            ORDER BY d.delivered_on DESC, d.id DESC, dl.line_no
            LIMIT @limit
            """, new { partnershipId, Allowed = scope.PartnershipIds, limit }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    private static async Task UpsertPurchaseOrderAsync(DbConnection connection, DbTransaction transaction, long partnershipId, ErpPurchaseOrder order, DateTimeOffset now)
    {
        var orderId = await connection.QuerySingleOrDefaultAsync<long?>(
            """
            INSERT INTO purchase_orders (partnership_id, external_id, revision, number, ordered_on, currency, updated_at)
            VALUES (@partnershipId, @ExternalId, @Revision, @Number, @OrderedOn, @Currency, @now)
            ON CONFLICT (partnership_id, external_id) DO UPDATE SET revision = excluded.revision, number = excluded.number,
                ordered_on = excluded.ordered_on, currency = excluded.currency, updated_at = excluded.updated_at
            WHERE excluded.revision > purchase_orders.revision
            RETURNING id
            """, new { partnershipId, order.ExternalId, order.Revision, order.Number, order.OrderedOn, order.Currency, now }, transaction);
        if (orderId is null)
        {
            return; // stale or unchanged revision: the lines stay as the newer revision left them
        }
        foreach (var line in order.Lines)
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO purchase_order_lines (partnership_id, purchase_order_id, line_no, item_id, quantity, unit_price_minor, due_on)
                VALUES (@partnershipId, @orderId, @LineNo,
                        (SELECT id FROM items WHERE partnership_id = @partnershipId AND external_id = @ItemExternalId),
                        @Quantity, @UnitPriceMinor, @DueOn)
                ON CONFLICT (purchase_order_id, line_no) DO UPDATE SET item_id = excluded.item_id, quantity = excluded.quantity,
                    unit_price_minor = excluded.unit_price_minor, due_on = excluded.due_on
                """, new { partnershipId, orderId, line.LineNo, line.ItemExternalId, line.Quantity, line.UnitPriceMinor, line.DueOn }, transaction);
        }
    }

    private static async Task UpsertDeliveryAsync(DbConnection connection, DbTransaction transaction, long partnershipId, ErpDelivery delivery, DateTimeOffset now)
    {
        var deliveryId = await connection.QuerySingleOrDefaultAsync<long?>(
            """
            INSERT INTO deliveries (partnership_id, external_id, revision, delivered_on, updated_at)
            VALUES (@partnershipId, @ExternalId, @Revision, @DeliveredOn, @now)
            ON CONFLICT (partnership_id, external_id) DO UPDATE SET revision = excluded.revision,
                delivered_on = excluded.delivered_on, updated_at = excluded.updated_at
            WHERE excluded.revision > deliveries.revision
            RETURNING id
            """, new { partnershipId, delivery.ExternalId, delivery.Revision, delivery.DeliveredOn, now }, transaction);
        if (deliveryId is null)
        {
            return;
        }
        foreach (var line in delivery.Lines)
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO delivery_lines (partnership_id, delivery_id, line_no, po_line_id, quantity, lot)
                VALUES (@partnershipId, @deliveryId, @LineNo,
                        (SELECT l.id FROM purchase_order_lines l JOIN purchase_orders po ON po.id = l.purchase_order_id
                         WHERE po.partnership_id = @partnershipId AND po.external_id = @PurchaseOrderExternalId AND l.line_no = @PurchaseOrderLineNo),
                        @Quantity, @Lot)
                ON CONFLICT (delivery_id, line_no) DO UPDATE SET po_line_id = excluded.po_line_id, quantity = excluded.quantity, lot = excluded.lot
                """, new { partnershipId, deliveryId, line.LineNo, line.PurchaseOrderExternalId, line.PurchaseOrderLineNo, line.Quantity, line.Lot }, transaction);
        }
    }
}
