using System.Data.Common;
using Dapper;
using Portal.Data.Changes;
using Portal.Data.Database;
using Portal.Data.Tenancy;

namespace Portal.Data.Erp;

/// <summary>
/// Reads and writes the ERP's records for one partnership. Writes go through <see cref="ErpUpsertWriter"/> (the same
/// track as the gRPC sync): upserts by external id that keep the newer revision, so replaying a history changes nothing.
/// </summary>
public sealed class ErpRecordStore(PortalDatabase database, ChangeRecorder changes, TimeProvider clock)
{
    /// <summary>Applies a whole history in one transaction (all or nothing). False when the partnership is outside the scope.</summary>
    public Task<bool> ImportHistoryAsync(CallerScope scope, long partnershipId, ErpHistory history, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            if (!scope.CanSee(partnershipId))
            {
                return false;
            }
            var errors = ErpSyncRules.Validate(history, ErpRecordNames.InBatch);
            if (errors.Count > 0)
            {
                throw new ValidationException(errors);
            }
            await new ErpUpsertWriter(connection, transaction, database.Dialect, partnershipId, clock.GetUtcNow()).ApplyAsync(history, ErpRecordNames.InBatch, cancellationToken);
            var imported = new ErpHistoryImport(history.Items.Count, history.PurchaseOrders.Count, history.Deliveries.Count, history.Invoices.Count, history.Payments.Count);
            await changes.RecordAsync(connection, transaction, scope, ChangeKinds.ErpHistory.Of(partnershipId, partnershipId, ErpHistoryChange.Imported, null, imported), cancellationToken);
            return true;
        }, cancellationToken);

    public async Task<ErpSummary> GetSummaryAsync(CallerScope scope, long partnershipId, DateOnly today, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var parameters = new { partnershipId, Allowed = scope.PartnershipIds, today, yearAgo = today.AddYears(-1) };
        // From the balances the writer keeps: an order line is open until receipts cover it (fulfilled_on), in full and
        // on time when that day is not after its due date; an invoice is open until payments in its currency cover it.
        // The sums cannot overflow 64 bits: every amount was bounded at the sync (Money.MaxMinor), see there.
        return await connection.QuerySingleOrDefaultAsync<ErpSummary>(new CommandDefinition(
            $"""
            SELECT
                (SELECT COUNT(*) FROM purchase_order_lines WHERE partnership_id = @partnershipId AND fulfilled_on IS NULL) AS open_order_lines,
                (SELECT COUNT(*) FROM deliveries WHERE partnership_id = @partnershipId AND delivered_on > @yearAgo) AS deliveries_last12_months,
                (SELECT COUNT(*) FROM purchase_order_lines WHERE partnership_id = @partnershipId AND due_on > @yearAgo AND due_on <= @today) AS lines_due_last12_months,
                (SELECT COUNT(*) FROM purchase_order_lines WHERE partnership_id = @partnershipId AND due_on > @yearAgo AND due_on <= @today
                    AND fulfilled_on <= due_on) AS lines_on_time_in_full_last12_months,
                (SELECT COALESCE(SUM(amount_minor), 0) FROM invoices WHERE partnership_id = @partnershipId AND issued_on > @yearAgo) AS invoiced_last12_months_minor,
                (SELECT COALESCE(SUM(amount_minor - paid_minor), 0) FROM invoices WHERE partnership_id = @partnershipId AND settled_on IS NULL) AS open_invoices_minor,
                (SELECT COALESCE(SUM(amount_minor - paid_minor), 0) FROM invoices WHERE partnership_id = @partnershipId AND settled_on IS NULL AND due_on < @today) AS overdue_minor
            WHERE {database.Dialect.IsIn("@partnershipId", "@Allowed")}
            """, parameters, cancellationToken: cancellationToken)) ?? new ErpSummary();
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
}
