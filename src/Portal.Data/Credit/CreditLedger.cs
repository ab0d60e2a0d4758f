using System.Data.Common;
using Dapper;
using Portal.Data.Database;

namespace Portal.Data.Credit;

/// <summary>What the credit rules need from the ERP records and the arrangements, for one partnership and a window of months.</summary>
public sealed record CreditLedgerData(IReadOnlyList<CreditInvoice> Invoices, IReadOnlyList<CreditOrderLine> Orders, IReadOnlyList<CreditArrangement> Arrangements);

/// <summary>
/// Reads a partnership's invoices, payments, open orders and arrangements. Records settled before the window cannot
/// change any figure in it, so they are not read; what was paid or delivered before the window is folded into one
/// entry on the day before it, which keeps partial payments right without reading years of history.
/// The caller has checked the partnership is in scope.
/// </summary>
internal static class CreditLedger
{
    public static async Task<CreditLedgerData> ReadAsync(DbConnection connection, DbTransaction? transaction, long partnershipId, DateOnly windowStart, bool countOpenOrders)
    {
        var before = windowStart.AddDays(-1);
        var invoiceRows = await connection.QueryAsync<(long Id, string Number, DateOnly IssuedOn, DateOnly DueOn, long AmountMinor, string Currency, long PaidBefore)>(
            """
            SELECT x.id, x.number, x.issued_on, x.due_on, x.amount_minor, x.currency, x.paid_before FROM (
                SELECT i.id, i.number, i.issued_on, i.due_on, i.amount_minor, i.currency,
                       COALESCE((SELECT SUM(p.amount_minor) FROM payments p WHERE p.invoice_id = i.id AND p.paid_on < @windowStart AND p.currency = i.currency), 0) AS paid_before
                FROM invoices i WHERE i.partnership_id = @partnershipId) x
            WHERE x.amount_minor > x.paid_before
            ORDER BY x.due_on, x.id
            """, new { partnershipId, windowStart }, transaction);
        var payments = (await connection.QueryAsync<(long InvoiceId, DateOnly PaidOn, long AmountMinor, string Currency)>(
                "SELECT invoice_id, paid_on, amount_minor, currency FROM payments WHERE partnership_id = @partnershipId AND paid_on >= @windowStart",
                new { partnershipId, windowStart }, transaction))
            .ToLookup(p => p.InvoiceId);
        var invoices = invoiceRows.Select(i => new CreditInvoice
        {
            Id = i.Id, Number = i.Number, IssuedOn = i.IssuedOn, DueOn = i.DueOn, AmountMinor = i.AmountMinor, Currency = i.Currency,
            Payments = (i.PaidBefore > 0 ? [new CreditPayment(before, i.PaidBefore, i.Currency)] : new List<CreditPayment>())
                .Concat(payments[i.Id].Select(p => new CreditPayment(p.PaidOn, p.AmountMinor, p.Currency))).ToList(),
        }).ToList();

        var orders = new List<CreditOrderLine>();
        if (countOpenOrders)
        {
            var lines = await connection.QueryAsync<(long Id, DateOnly OrderedOn, long Quantity, long UnitPriceMinor, string Currency, long DeliveredBefore)>(
                """
                SELECT x.id, x.ordered_on, x.quantity, x.unit_price_minor, x.currency, x.delivered_before FROM (
                    SELECT l.id, po.ordered_on, l.quantity, l.unit_price_minor, po.currency,
                           COALESCE((SELECT SUM(dl.quantity) FROM delivery_lines dl JOIN deliveries d ON d.id = dl.delivery_id
                                     WHERE dl.po_line_id = l.id AND d.delivered_on < @windowStart), 0) AS delivered_before
                    FROM purchase_order_lines l JOIN purchase_orders po ON po.id = l.purchase_order_id
                    WHERE l.partnership_id = @partnershipId) x
                WHERE x.quantity > x.delivered_before
                """, new { partnershipId, windowStart }, transaction);
            var deliveries = (await connection.QueryAsync<(long PoLineId, DateOnly DeliveredOn, long Quantity)>(
                    """
                    SELECT dl.po_line_id, d.delivered_on, dl.quantity FROM delivery_lines dl JOIN deliveries d ON d.id = dl.delivery_id
                    WHERE dl.partnership_id = @partnershipId AND d.delivered_on >= @windowStart
                    """, new { partnershipId, windowStart }, transaction))
                .ToLookup(d => d.PoLineId);
            orders.AddRange(lines.Select(l => new CreditOrderLine
            {
                Id = l.Id, OrderedOn = l.OrderedOn, Quantity = l.Quantity, UnitPriceMinor = l.UnitPriceMinor, Currency = l.Currency,
                Deliveries = (l.DeliveredBefore > 0 ? [(before, l.DeliveredBefore)] : new List<(DateOnly, long)>())
                    .Concat(deliveries[l.Id].Select(d => (d.DeliveredOn, d.Quantity))).ToList(),
            }));
        }
        return new CreditLedgerData(invoices, orders, await ArrangementsAsync(connection, transaction, partnershipId, null));
    }

    public const string SelectArrangement = """
        SELECT id, partnership_id, kind, extension_minor, deferral_days, deferred_to, currency, reason, starts_on, ends_on, state,
               requested_by_user_id, requested_by_name, requested_by_customer, requested_at,
               decided_by_user_id, decided_by_name, decided_at, decision_note
        FROM credit_arrangements
        """;

    /// <summary>The partnership's arrangements, newest first, each with its invoices; one when <paramref name="arrangementId"/> is given.</summary>
    public static async Task<IReadOnlyList<CreditArrangement>> ArrangementsAsync(DbConnection connection, DbTransaction? transaction, long partnershipId, long? arrangementId, string forUpdate = "")
    {
        var filter = arrangementId is null ? "" : " AND id = @arrangementId";
        var rows = (await connection.QueryAsync<CreditArrangement>(
            $"{SelectArrangement} WHERE partnership_id = @partnershipId{filter} ORDER BY requested_at DESC, id DESC{forUpdate}",
            new { partnershipId, arrangementId }, transaction)).ToList();
        var invoices = (await connection.QueryAsync<(long ArrangementId, long InvoiceId)>(
                "SELECT arrangement_id, invoice_id FROM credit_arrangement_invoices WHERE partnership_id = @partnershipId ORDER BY invoice_id",
                new { partnershipId }, transaction))
            .ToLookup(r => r.ArrangementId, r => r.InvoiceId);
        return rows.Select(r => r with { InvoiceIds = invoices[r.Id].ToList() }).ToList();
    }

    /// <summary>The first day of the chart: the first of the month <paramref name="months"/> − 1 months before today's.</summary>
    public static DateOnly WindowStart(DateOnly today, int months) => new DateOnly(today.Year, today.Month, 1).AddMonths(-(months - 1));
}
