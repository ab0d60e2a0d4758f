using System.Data.Common;
using System.Text.Json;
using Dapper;
using Portal.Data.Database;

namespace Portal.Data.Erp;

/// <summary>
/// Writes ERP records of one partnership inside a caller's transaction: the one data-access track for the demo seed,
/// unary batches and stream chunks. Per kind it reads the stored revisions of all the batch's external ids in one
/// query, decides created / updated / unchanged / stale in memory, resolves references in one query, and writes what
/// is new with one INSERT ... SELECT per table that reads all the rows from a single JSON parameter. A statement per
/// row, even a prepared one, pays a trip through the driver for every row; this pays it once a batch (the figures are
/// in bench/RESULTS.md). Kinds are applied in dependency order, so a batch may reference records it carries.
/// The upserts say WHERE TRUE because SQLite would otherwise read ON CONFLICT as the join constraint of the SELECT.
/// </summary>
internal sealed class ErpUpsertWriter(DbConnection connection, DbTransaction transaction, Dialect dialect, long partnershipId, DateTimeOffset now)
{
    private readonly ErpBalances _balances = new(connection, transaction, dialect, partnershipId);

    /// <summary>Invoices, order lines and deliveries whose balances the batch may have changed, refreshed once at its end.</summary>
    private readonly HashSet<long> _invoicesTouched = [];
    private readonly HashSet<long> _orderLinesTouched = [];
    private readonly HashSet<long> _deliveriesTouched = [];

    /// <summary>What new deliveries received against order lines: their lines move on from their stored figures.</summary>
    private readonly List<ErpBalances.Receipt> _receiptsAdded = [];

    public async Task<ErpHistoryResults> ApplyAsync(ErpHistory history, ErpRecordName name, CancellationToken cancellationToken)
    {
        await _balances.LockAsync(cancellationToken);
        var items = await ItemsAsync(history.Items, cancellationToken);
        var orders = await PurchaseOrdersAsync(history.PurchaseOrders, name, cancellationToken);
        var deliveries = await DeliveriesAsync(history.Deliveries, name, cancellationToken);
        var invoices = await InvoicesAsync(history.Invoices, name, cancellationToken);
        var payments = await PaymentsAsync(history.Payments, name, cancellationToken);
        await _balances.RefreshAsync(_invoicesTouched, _orderLinesTouched, _receiptsAdded, _deliveriesTouched, cancellationToken);
        return new ErpHistoryResults(items, orders, deliveries, invoices, payments);
    }

    /// <summary>
    /// References to records that neither the partnership has nor the batch carries, without writing: for a batch that is
    /// refused anyway, so that its answer names every violation at once. A valid batch is checked exactly, kind by kind,
    /// as it is applied.
    /// </summary>
    public async Task<Dictionary<string, string>> ReferenceErrorsAsync(ErpHistory history, ErpRecordName name, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var orderLines = history.PurchaseOrders.SelectMany(o => o.Lines).ToList();
        var items = await KnownAsync("items", history.Items.Select(i => i.ExternalId), orderLines.Select(l => l.ItemExternalId), cancellationToken);
        for (var i = 0; i < history.PurchaseOrders.Count; i++)
        {
            for (var j = 0; j < history.PurchaseOrders[i].Lines.Count; j++)
            {
                if (!items.Contains(history.PurchaseOrders[i].Lines[j].ItemExternalId))
                    errors[$"{name(ErpRecordKind.PurchaseOrder, i)}.lines[{j}].item_external_id"] = "No item with this external id has been synced.";
            }
        }
        var deliveryLines = history.Deliveries.SelectMany(d => d.Lines).Where(l => ErpSyncRules.IsWellFormedId(l.PurchaseOrderExternalId)).ToList();
        var carriedLines = history.PurchaseOrders.SelectMany(o => o.Lines.Select(l => (o.ExternalId, l.LineNo))).ToHashSet();
        var storedLines = deliveryLines.Count == 0 ? [] : await OrderLinesAsync(deliveryLines, cancellationToken);
        var orders = await KnownAsync("purchase_orders", history.PurchaseOrders.Select(o => o.ExternalId),
            deliveryLines.Select(l => l.PurchaseOrderExternalId).Concat(history.Invoices.Select(i => i.PurchaseOrderExternalId).OfType<string>()), cancellationToken);
        for (var i = 0; i < history.Deliveries.Count; i++)
        {
            for (var j = 0; j < history.Deliveries[i].Lines.Count; j++)
            {
                var line = history.Deliveries[i].Lines[j];
                var key = (line.PurchaseOrderExternalId, line.PurchaseOrderLineNo);
                if (!ErpSyncRules.IsWellFormedId(line.PurchaseOrderExternalId) || storedLines.ContainsKey(key) || carriedLines.Contains(key)) continue;
                var at = $"{name(ErpRecordKind.Delivery, i)}.lines[{j}]";
                if (orders.Contains(line.PurchaseOrderExternalId)) errors[$"{at}.purchase_order_line_no"] = "The purchase order has no such line.";
                else errors[$"{at}.purchase_order_external_id"] = "No purchase order with this external id has been synced.";
            }
        }
        for (var i = 0; i < history.Invoices.Count; i++)
        {
            if (history.Invoices[i].PurchaseOrderExternalId is { } order && !orders.Contains(order))
                errors[$"{name(ErpRecordKind.Invoice, i)}.purchase_order_external_id"] = "No purchase order with this external id has been synced.";
        }
        var invoices = await KnownAsync("invoices", history.Invoices.Select(i => i.ExternalId), history.Payments.Select(p => p.InvoiceExternalId), cancellationToken);
        for (var i = 0; i < history.Payments.Count; i++)
        {
            if (!invoices.Contains(history.Payments[i].InvoiceExternalId))
                errors[$"{name(ErpRecordKind.Payment, i)}.invoice_external_id"] = "No invoice with this external id has been synced.";
        }
        return errors;
    }

    /// <summary>
    /// The external ids among <paramref name="referenced"/> that the batch carries or <paramref name="table"/> holds, and
    /// the malformed ones, which the rules have refused already and which are not sent to the database (PostgreSQL
    /// refuses a NUL in a parameter).
    /// </summary>
    private async Task<HashSet<string>> KnownAsync(string table, IEnumerable<string> carried, IEnumerable<string> referenced, CancellationToken cancellationToken)
    {
        var known = carried.ToHashSet(StringComparer.Ordinal);
        var referencedList = referenced.ToList();
        known.UnionWith(referencedList.Where(id => !ErpSyncRules.IsWellFormedId(id)));
        var missing = referencedList.Where(id => !known.Contains(id)).ToList();
        if (missing.Count > 0) known.UnionWith((await StoredAsync(table, missing, cancellationToken)).Keys);
        return known;
    }

    private async Task<ErpUpsertResult[]> ItemsAsync(IReadOnlyList<ErpItem> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0) return [];
        var (results, _) = await UpsertAsync("items", items, i => i.ExternalId, i => i.Revision,
            [("sku", "text"), ("name", "text"), ("unit", "text")],
            (json, item) =>
            {
                json.WriteString("sku", item.Sku);
                json.WriteString("name", item.Name);
                json.WriteString("unit", item.Unit);
            }, cancellationToken);
        return results;
    }

    private async Task<ErpUpsertResult[]> PurchaseOrdersAsync(IReadOnlyList<ErpPurchaseOrder> orders, ErpRecordName name, CancellationToken cancellationToken)
    {
        if (orders.Count == 0) return [];
        var itemIds = await StoredAsync("items", orders.SelectMany(o => o.Lines).Select(l => l.ItemExternalId), cancellationToken);
        var errors = new Dictionary<string, string>();
        for (var i = 0; i < orders.Count; i++)
        {
            for (var j = 0; j < orders[i].Lines.Count; j++)
            {
                if (!itemIds.ContainsKey(orders[i].Lines[j].ItemExternalId))
                    errors[$"{name(ErpRecordKind.PurchaseOrder, i)}.lines[{j}].item_external_id"] = "No item with this external id has been synced.";
            }
        }
        ThrowIfAny(errors);
        var (results, written) = await UpsertAsync("purchase_orders", orders, o => o.ExternalId, o => o.Revision,
            [("number", "text"), ("ordered_on", "date"), ("currency", "text")],
            (json, order) =>
            {
                json.WriteString("number", order.Number);
                json.WriteDate("ordered_on", order.OrderedOn);
                json.WriteString("currency", order.Currency);
            }, cancellationToken);
        if (written.Count == 0) return results;
        var lineIds = await QueryAsync<long>(
            $"""
            INSERT INTO purchase_order_lines (partnership_id, purchase_order_id, line_no, item_id, quantity, unit_price_minor, due_on)
            SELECT @p, r.purchase_order_id, r.line_no, r.item_id, r.quantity, r.unit_price_minor, r.due_on
            FROM {dialect.JsonRows("@rows", ("purchase_order_id", "bigint"), ("line_no", "integer"), ("item_id", "bigint"), ("quantity", "integer"),
                ("unit_price_minor", "bigint"), ("due_on", "date"))}
            WHERE TRUE
            ON CONFLICT (purchase_order_id, line_no) DO UPDATE SET item_id = excluded.item_id, quantity = excluded.quantity,
                unit_price_minor = excluded.unit_price_minor, due_on = excluded.due_on
            RETURNING id
            """,
            JsonRows.Of(written.SelectMany(w => w.Record.Lines.Select(line => (OrderId: w.Id, Line: line))), (json, row) =>
            {
                json.WriteNumber("purchase_order_id", row.OrderId);
                json.WriteNumber("line_no", row.Line.LineNo);
                json.WriteNumber("item_id", itemIds[row.Line.ItemExternalId].Id);
                json.WriteNumber("quantity", row.Line.Quantity);
                json.WriteNumber("unit_price_minor", row.Line.UnitPriceMinor);
                json.WriteDate("due_on", row.Line.DueOn);
            }), cancellationToken);
        _orderLinesTouched.UnionWith(lineIds);
        var replaced = written.Where(w => w.Replaces).Select(w => w.Id).ToList();
        if (replaced.Count > 0)
        {
            // A newer revision replaces the lines; a dropped line that a delivery already received against stays,
            // because the delivery line's foreign key (and the quality figures built on it) need it. Lines that stay keep
            // their ids, which penalty credits cite as evidence. A dropped line's balance steps and its due day go with it.
            var dropped = (await connection.QueryAsync<(long Id, DateOnly? CountedDueOn)>(new CommandDefinition(
                $"""
                DELETE FROM purchase_order_lines
                WHERE {dialect.InList("purchase_order_id", "@replaced")} AND NOT ({dialect.InList("id", "@kept")})
                  AND NOT EXISTS (SELECT 1 FROM delivery_lines dl WHERE dl.po_line_id = purchase_order_lines.id)
                RETURNING id, counted_due_on
                """, new { replaced = dialect.ListOf(replaced), kept = dialect.ListOf(lineIds) }, transaction, cancellationToken: cancellationToken))).ToList();
            _orderLinesTouched.UnionWith(dropped.Select(d => d.Id));
            await _balances.DropLinesAsync(dropped.Select(d => d.CountedDueOn), cancellationToken);
        }
        return results;
    }

    private async Task<ErpUpsertResult[]> DeliveriesAsync(IReadOnlyList<ErpDelivery> deliveries, ErpRecordName name, CancellationToken cancellationToken)
    {
        if (deliveries.Count == 0) return [];
        var referenced = deliveries.SelectMany(d => d.Lines).ToList();
        var orderLines = await OrderLinesAsync(referenced, cancellationToken);
        var errors = new Dictionary<string, string>();
        Dictionary<string, (long Id, long Revision)>? knownOrders = null;
        for (var i = 0; i < deliveries.Count; i++)
        {
            for (var j = 0; j < deliveries[i].Lines.Count; j++)
            {
                var line = deliveries[i].Lines[j];
                if (orderLines.ContainsKey((line.PurchaseOrderExternalId, line.PurchaseOrderLineNo))) continue;
                var at = $"{name(ErpRecordKind.Delivery, i)}.lines[{j}]";
                // Only a refused batch pays for telling an unknown order from an unknown line of a known one.
                knownOrders ??= await StoredAsync("purchase_orders", referenced.Select(l => l.PurchaseOrderExternalId), cancellationToken);
                if (knownOrders.ContainsKey(line.PurchaseOrderExternalId))
                    errors[$"{at}.purchase_order_line_no"] = "The purchase order has no such line.";
                else
                    errors[$"{at}.purchase_order_external_id"] = "No purchase order with this external id has been synced.";
            }
        }
        ThrowIfAny(errors);
        var (results, written) = await UpsertAsync("deliveries", deliveries, d => d.ExternalId, d => d.Revision,
            [("delivered_on", "date")],
            (json, delivery) =>
            {
                json.WriteDate("delivered_on", delivery.DeliveredOn);
            }, cancellationToken);
        if (written.Count == 0) return results;
        _deliveriesTouched.UnionWith(written.Select(w => w.Id));
        var replaced = written.Where(w => w.Replaces).Select(w => w.Id).ToList();
        if (replaced.Count > 0)
        {
            // Nothing references a delivery line (quality issues name the delivery and the lot), so a newer revision
            // replaces its lines outright; the order lines they received against change balance.
            _orderLinesTouched.UnionWith(await connection.QueryAsync<long>(new CommandDefinition(
                $"DELETE FROM delivery_lines WHERE {dialect.InList("delivery_id", "@replaced")} RETURNING po_line_id",
                new { replaced = dialect.ListOf(replaced) }, transaction, cancellationToken: cancellationToken)));
        }
        foreach (var delivery in written)
        {
            foreach (var line in delivery.Record.Lines)
            {
                var orderLineId = orderLines[(line.PurchaseOrderExternalId, line.PurchaseOrderLineNo)];
                if (delivery.Replaces) _orderLinesTouched.Add(orderLineId);
                else _receiptsAdded.Add(new ErpBalances.Receipt(orderLineId, delivery.Record.DeliveredOn, line.Quantity));
            }
        }
        await ExecuteAsync(
            $"""
            INSERT INTO delivery_lines (partnership_id, delivery_id, line_no, po_line_id, quantity, lot)
            SELECT @p, r.delivery_id, r.line_no, r.po_line_id, r.quantity, r.lot
            FROM {dialect.JsonRows("@rows", ("delivery_id", "bigint"), ("line_no", "integer"), ("po_line_id", "bigint"), ("quantity", "integer"), ("lot", "text"))}
            """,
            JsonRows.Of(written.SelectMany(w => w.Record.Lines.Select(line => (DeliveryId: w.Id, Line: line))), (json, row) =>
            {
                json.WriteNumber("delivery_id", row.DeliveryId);
                json.WriteNumber("line_no", row.Line.LineNo);
                json.WriteNumber("po_line_id", orderLines[(row.Line.PurchaseOrderExternalId, row.Line.PurchaseOrderLineNo)]);
                json.WriteNumber("quantity", row.Line.Quantity);
                if (row.Line.Lot is { } lot) json.WriteString("lot", lot);
                else json.WriteNull("lot");
            }), cancellationToken);
        return results;
    }

    private async Task<ErpUpsertResult[]> InvoicesAsync(IReadOnlyList<ErpInvoice> invoices, ErpRecordName name, CancellationToken cancellationToken)
    {
        if (invoices.Count == 0) return [];
        var orderIds = await StoredAsync("purchase_orders", invoices.Select(i => i.PurchaseOrderExternalId).OfType<string>(), cancellationToken);
        var errors = new Dictionary<string, string>();
        for (var i = 0; i < invoices.Count; i++)
        {
            if (invoices[i].PurchaseOrderExternalId is { } order && !orderIds.ContainsKey(order))
                errors[$"{name(ErpRecordKind.Invoice, i)}.purchase_order_external_id"] = "No purchase order with this external id has been synced.";
        }
        ThrowIfAny(errors);
        var (results, written) = await UpsertAsync("invoices", invoices, i => i.ExternalId, i => i.Revision,
            [("number", "text"), ("purchase_order_id", "bigint"), ("issued_on", "date"),
                ("due_on", "date"), ("amount_minor", "bigint"), ("currency", "text")],
            (json, invoice) =>
            {
                json.WriteString("number", invoice.Number);
                if (invoice.PurchaseOrderExternalId is { } order) json.WriteNumber("purchase_order_id", orderIds[order].Id);
                else json.WriteNull("purchase_order_id");
                json.WriteDate("issued_on", invoice.IssuedOn);
                json.WriteDate("due_on", invoice.DueOn);
                json.WriteNumber("amount_minor", invoice.AmountMinor);
                json.WriteString("currency", invoice.Currency);
            }, cancellationToken);
        _invoicesTouched.UnionWith(written.Select(w => w.Id));
        return results;
    }

    private async Task<ErpUpsertResult[]> PaymentsAsync(IReadOnlyList<ErpPayment> payments, ErpRecordName name, CancellationToken cancellationToken)
    {
        if (payments.Count == 0) return [];
        var invoiceIds = await StoredAsync("invoices", payments.Select(p => p.InvoiceExternalId), cancellationToken);
        var errors = new Dictionary<string, string>();
        for (var i = 0; i < payments.Count; i++)
        {
            if (!invoiceIds.ContainsKey(payments[i].InvoiceExternalId))
                errors[$"{name(ErpRecordKind.Payment, i)}.invoice_external_id"] = "No invoice with this external id has been synced.";
        }
        ThrowIfAny(errors);
        // A revised payment may name another invoice than before: the one it leaves changes balance too.
        _invoicesTouched.UnionWith(await connection.QueryAsync<long>(new CommandDefinition(
            $"SELECT invoice_id FROM payments WHERE partnership_id = @partnershipId AND {dialect.InList("external_id", "@ids")}",
            new { partnershipId, ids = dialect.ListOf(payments.Select(p => p.ExternalId).Distinct(StringComparer.Ordinal)) }, transaction, cancellationToken: cancellationToken)));
        var (results, written) = await UpsertAsync("payments", payments, p => p.ExternalId, p => p.Revision,
            [("invoice_id", "bigint"), ("paid_on", "date"), ("amount_minor", "bigint"), ("currency", "text")],
            (json, payment) =>
            {
                json.WriteNumber("invoice_id", invoiceIds[payment.InvoiceExternalId].Id);
                json.WriteDate("paid_on", payment.PaidOn);
                json.WriteNumber("amount_minor", payment.AmountMinor);
                json.WriteString("currency", payment.Currency);
            }, cancellationToken);
        _invoicesTouched.UnionWith(written.Select(w => invoiceIds[w.Record.InvoiceExternalId].Id));
        return results;
    }

    /// <summary>
    /// Results from the revisions stored before the batch, in order; a record repeated in the batch is judged against
    /// the earlier copy. A concurrent writer committing a newer revision meanwhile turns an update into stale at write time.
    /// </summary>
    private static ErpUpsertResult[] Decide<T>(IReadOnlyList<T> records, Dictionary<string, (long Id, long Revision)> stored, Func<T, string> externalId, Func<T, long> revision)
    {
        var results = new ErpUpsertResult[records.Count];
        var revisions = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
        {
            var id = externalId(records[i]);
            var sent = revision(records[i]);
            long? known = revisions.TryGetValue(id, out var earlier) ? earlier : stored.TryGetValue(id, out var row) ? row.Revision : null;
            if (known is null || sent > known)
            {
                results[i] = known is null ? ErpUpsertResult.Created : ErpUpsertResult.Updated;
                revisions[id] = sent;
            }
            else
            {
                results[i] = sent == known ? ErpUpsertResult.Unchanged : ErpUpsertResult.Stale;
            }
        }
        return results;
    }

    /// <summary>
    /// Decides each record against the revisions stored in <paramref name="table"/> before the batch (see
    /// <see cref="Decide"/>), then writes the created and updated ones in one statement and returns them with their stored
    /// ids, and whether they replace a row the batch found (whose lines then give way to the new revision's). Only the last copy of an external id is written: a batch may carry a record twice, PostgreSQL
    /// refuses to upsert a row twice in one statement, and the last copy is the one that would stand anyway. A newer
    /// revision replaces every column; a record the statement did not write (a concurrent writer committed a newer
    /// revision meanwhile) turns stale.
    /// </summary>
    private async Task<(ErpUpsertResult[] Results, List<(T Record, long Id, bool Replaces)> Written)> UpsertAsync<T>(string table, IReadOnlyList<T> records,
        Func<T, string> externalId, Func<T, long> revision, (string Name, string Type)[] columns, Action<Utf8JsonWriter, T> writeColumns,
        CancellationToken cancellationToken)
    {
        var stored = await StoredAsync(table, records.Select(externalId), cancellationToken);
        var results = Decide(records, stored, externalId, revision);
        var last = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
        {
            if (Writes(results[i])) last[externalId(records[i])] = i;
        }
        if (last.Count == 0) return (results, []);
        var names = columns.Select(c => c.Name).ToList();
        var sql = $"""
            INSERT INTO {table} (partnership_id, external_id, revision, {string.Join(", ", names)}, updated_at)
            SELECT @p, r.external_id, r.revision, {string.Join(", ", names.Select(n => $"r.{n}"))}, @now
            FROM {dialect.JsonRows("@rows", [("external_id", "text"), ("revision", "bigint"), .. columns])}
            WHERE TRUE
            ON CONFLICT (partnership_id, external_id) DO UPDATE SET revision = excluded.revision,
                {string.Join(", ", names.Select(n => $"{n} = excluded.{n}"))}, updated_at = excluded.updated_at
            WHERE excluded.revision > {table}.revision
            RETURNING id, external_id
            """;
        var rows = JsonRows.Of(last.Values.Select(i => records[i]), (json, record) =>
        {
            json.WriteString("external_id", externalId(record));
            json.WriteNumber("revision", revision(record));
            writeColumns(json, record);
        });
        var ids = (await QueryAsync<(long Id, string ExternalId)>(sql, rows, cancellationToken)).ToDictionary(row => row.ExternalId, row => row.Id, StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
        {
            if (Writes(results[i]) && !ids.ContainsKey(externalId(records[i]))) results[i] = ErpUpsertResult.Stale;
        }
        var written = last.Values.Where(i => ids.ContainsKey(externalId(records[i])));
        return (results, written.Select(i => (records[i], ids[externalId(records[i])], stored.ContainsKey(externalId(records[i])))).ToList());
    }

    /// <summary>A statement over a batch's rows (<c>@rows</c>), with the partnership (<c>@p</c>) and the time of the write (<c>@now</c>).</summary>
    private Task<IEnumerable<TRow>> QueryAsync<TRow>(string sql, string rows, CancellationToken cancellationToken) =>
        connection.QueryAsync<TRow>(new CommandDefinition(sql, new { p = partnershipId, now, rows }, transaction, cancellationToken: cancellationToken));

    private Task<int> ExecuteAsync(string sql, string rows, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(sql, new { p = partnershipId, now, rows }, transaction, cancellationToken: cancellationToken));

    private static bool Writes(ErpUpsertResult result) => result is ErpUpsertResult.Created or ErpUpsertResult.Updated;

    private static void ThrowIfAny(Dictionary<string, string> errors)
    {
        if (errors.Count > 0) throw new ValidationException(errors);
    }

    private async Task<Dictionary<string, (long Id, long Revision)>> StoredAsync(string table, IEnumerable<string> externalIds, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(string ExternalId, long Id, long Revision)>(new CommandDefinition(
            $"SELECT external_id, id, revision FROM {table} WHERE partnership_id = @partnershipId AND {dialect.InList("external_id", "@ids")}",
            new { partnershipId, ids = dialect.ListOf(externalIds.Distinct(StringComparer.Ordinal)) }, transaction, cancellationToken: cancellationToken));
        return rows.ToDictionary(row => row.ExternalId, row => (row.Id, row.Revision), StringComparer.Ordinal);
    }

    /// <summary>
    /// The ids of the order lines a batch references, looked up pair by pair: a batch of deliveries usually touches a few
    /// lines of many large orders, and reading every line of those orders cost more than the writes. Resolving them
    /// inside the insert instead (a join) measured slower on SQLite. CROSS JOIN makes SQLite start from the pairs;
    /// PostgreSQL plans the joins freely either way.
    /// </summary>
    private async Task<Dictionary<(string Order, int LineNo), long>> OrderLinesAsync(IEnumerable<ErpDeliveryLine> lines, CancellationToken cancellationToken)
    {
        var wanted = lines.Select(l => (l.PurchaseOrderExternalId, l.PurchaseOrderLineNo)).Distinct().ToList();
        var rows = await connection.QueryAsync<(string ExternalId, int LineNo, long Id)>(new CommandDefinition(
            $"""
            SELECT po.external_id, l.line_no, l.id
            FROM {dialect.JsonRows("@wanted", ("order_id", "text"), ("line_no", "integer"))}
            CROSS JOIN purchase_orders po CROSS JOIN purchase_order_lines l
            WHERE po.partnership_id = @partnershipId AND po.external_id = r.order_id AND l.purchase_order_id = po.id AND l.line_no = r.line_no
            """, new
            {
                partnershipId,
                wanted = JsonRows.Of(wanted, (json, line) =>
                {
                    json.WriteString("order_id", line.PurchaseOrderExternalId);
                    json.WriteNumber("line_no", line.PurchaseOrderLineNo);
                }),
            }, transaction, cancellationToken: cancellationToken));
        return rows.ToDictionary(row => (row.ExternalId, row.LineNo), row => row.Id);
    }
}
