using System.Data;
using System.Data.Common;
using System.Globalization;
using Dapper;
using Portal.Data.Database;

namespace Portal.Data.Erp;

/// <summary>
/// Writes ERP records of one partnership inside a caller's transaction: the one data-access track for the demo seed,
/// unary batches and stream chunks. Per kind it reads the stored revisions of all the batch's external ids in one
/// query, decides created / updated / unchanged / stale in memory, resolves references in one query, and then writes
/// only what is new through commands prepared once per writer with values reassigned per row (Dapper per row costs
/// about half the throughput). Kinds are applied in dependency order, so a batch may reference records it carries.
/// </summary>
internal sealed class ErpUpsertWriter(DbConnection connection, DbTransaction transaction, Dialect dialect, long partnershipId, DateTimeOffset now)
    : IAsyncDisposable
{
    // SQLite allows 32766 variables a statement; slices keep the IN lists of big chunks well below that.
    private const int IdsPerQuery = 500;

    private readonly List<DbCommand> _commands = [];
    private readonly Dictionary<string, DbCommand> _prepared = [];

    public async Task<ErpHistoryResults> ApplyAsync(ErpHistory history, ErpRecordName name, CancellationToken cancellationToken)
    {
        var items = await ItemsAsync(history.Items, cancellationToken);
        var orders = await PurchaseOrdersAsync(history.PurchaseOrders, name, cancellationToken);
        var deliveries = await DeliveriesAsync(history.Deliveries, name, cancellationToken);
        var invoices = await InvoicesAsync(history.Invoices, name, cancellationToken);
        var payments = await PaymentsAsync(history.Payments, name, cancellationToken);
        return new ErpHistoryResults(items, orders, deliveries, invoices, payments);
    }

    private async Task<ErpUpsertResult[]> ItemsAsync(IReadOnlyList<ErpItem> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0) return [];
        var results = Decide(items, await StoredAsync("items", items.Select(i => i.ExternalId), cancellationToken), i => i.ExternalId, i => i.Revision);
        var upsert = await PrepareAsync(
            """
            INSERT INTO items (partnership_id, external_id, revision, sku, name, unit, updated_at)
            VALUES (@p, @external_id, @revision, @sku, @name, @unit, @now)
            ON CONFLICT (partnership_id, external_id) DO UPDATE SET revision = excluded.revision, sku = excluded.sku,
                name = excluded.name, unit = excluded.unit, updated_at = excluded.updated_at
            WHERE excluded.revision > items.revision
            RETURNING id
            """, cancellationToken, ("external_id", DbType.String), ("revision", DbType.Int64), ("sku", DbType.String), ("name", DbType.String), ("unit", DbType.String));
        for (var i = 0; i < items.Count; i++)
        {
            if (!Writes(results[i])) continue;
            var item = items[i];
            Set(upsert, item.ExternalId, item.Revision, item.Sku, item.Name, item.Unit);
            if (await upsert.ExecuteScalarAsync(cancellationToken) is null) results[i] = ErpUpsertResult.Stale;
        }
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
        var results = Decide(orders, await StoredAsync("purchase_orders", orders.Select(o => o.ExternalId), cancellationToken), o => o.ExternalId, o => o.Revision);
        var upsert = await PrepareAsync(
            """
            INSERT INTO purchase_orders (partnership_id, external_id, revision, number, ordered_on, currency, updated_at)
            VALUES (@p, @external_id, @revision, @number, @ordered_on, @currency, @now)
            ON CONFLICT (partnership_id, external_id) DO UPDATE SET revision = excluded.revision, number = excluded.number,
                ordered_on = excluded.ordered_on, currency = excluded.currency, updated_at = excluded.updated_at
            WHERE excluded.revision > purchase_orders.revision
            RETURNING id
            """, cancellationToken, ("external_id", DbType.String), ("revision", DbType.Int64), ("number", DbType.String), ("ordered_on", DateType), ("currency", DbType.String));
        var upsertLine = await PrepareAsync(
            """
            INSERT INTO purchase_order_lines (partnership_id, purchase_order_id, line_no, item_id, quantity, unit_price_minor, due_on)
            VALUES (@p, @purchase_order_id, @line_no, @item_id, @quantity, @unit_price_minor, @due_on)
            ON CONFLICT (purchase_order_id, line_no) DO UPDATE SET item_id = excluded.item_id, quantity = excluded.quantity,
                unit_price_minor = excluded.unit_price_minor, due_on = excluded.due_on
            """, cancellationToken, ("purchase_order_id", DbType.Int64), ("line_no", DbType.Int32), ("item_id", DbType.Int64), ("quantity", DbType.Int32),
            ("unit_price_minor", DbType.Int64), ("due_on", DateType));
        for (var i = 0; i < orders.Count; i++)
        {
            if (!Writes(results[i])) continue;
            var order = orders[i];
            Set(upsert, order.ExternalId, order.Revision, order.Number, Date(order.OrderedOn), order.Currency);
            if (await upsert.ExecuteScalarAsync(cancellationToken) is not { } stored)
            {
                results[i] = ErpUpsertResult.Stale;
                continue;
            }
            var orderId = Convert.ToInt64(stored, CultureInfo.InvariantCulture);
            foreach (var line in order.Lines)
            {
                Set(upsertLine, orderId, line.LineNo, itemIds[line.ItemExternalId].Id, line.Quantity, line.UnitPriceMinor, Date(line.DueOn));
                await upsertLine.ExecuteNonQueryAsync(cancellationToken);
            }
            if (results[i] == ErpUpsertResult.Updated)
            {
                // A newer revision replaces the lines; a dropped line that a delivery already received against stays,
                // because the delivery line's foreign key (and the quality figures built on it) need it.
                await connection.ExecuteAsync(new CommandDefinition(
                    $"""
                    DELETE FROM purchase_order_lines
                    WHERE purchase_order_id = @orderId AND NOT ({dialect.IsIn("line_no", "@kept")})
                      AND NOT EXISTS (SELECT 1 FROM delivery_lines dl WHERE dl.po_line_id = purchase_order_lines.id)
                    """, new { orderId, kept = order.Lines.Select(l => l.LineNo).ToArray() }, transaction, cancellationToken: cancellationToken));
            }
        }
        return results;
    }

    private async Task<ErpUpsertResult[]> DeliveriesAsync(IReadOnlyList<ErpDelivery> deliveries, ErpRecordName name, CancellationToken cancellationToken)
    {
        if (deliveries.Count == 0) return [];
        var referenced = deliveries.SelectMany(d => d.Lines).ToList();
        var orderLines = await OrderLinesAsync(referenced.Select(l => l.PurchaseOrderExternalId), referenced.Select(l => l.PurchaseOrderLineNo), cancellationToken);
        var errors = new Dictionary<string, string>();
        Dictionary<string, (long Id, long Revision)>? knownOrders = null;
        for (var i = 0; i < deliveries.Count; i++)
        {
            for (var j = 0; j < deliveries[i].Lines.Count; j++)
            {
                var line = deliveries[i].Lines[j];
                var at = $"{name(ErpRecordKind.Delivery, i)}.lines[{j}]";
                if (!orderLines.ContainsKey((line.PurchaseOrderExternalId, line.PurchaseOrderLineNo)))
                {
                    // Only a refused batch pays for telling an unknown order from an unknown line of a known one.
                    knownOrders ??= await StoredAsync("purchase_orders", referenced.Select(l => l.PurchaseOrderExternalId), cancellationToken);
                    if (knownOrders.ContainsKey(line.PurchaseOrderExternalId))
                        errors[$"{at}.purchase_order_line_no"] = "The purchase order has no such line.";
                    else
                        errors[$"{at}.purchase_order_external_id"] = "No purchase order with this external id has been synced.";
                }
            }
        }
        ThrowIfAny(errors);
        var results = Decide(deliveries, await StoredAsync("deliveries", deliveries.Select(d => d.ExternalId), cancellationToken), d => d.ExternalId, d => d.Revision);
        var upsert = await PrepareAsync(
            """
            INSERT INTO deliveries (partnership_id, external_id, revision, delivered_on, updated_at)
            VALUES (@p, @external_id, @revision, @delivered_on, @now)
            ON CONFLICT (partnership_id, external_id) DO UPDATE SET revision = excluded.revision,
                delivered_on = excluded.delivered_on, updated_at = excluded.updated_at
            WHERE excluded.revision > deliveries.revision
            RETURNING id
            """, cancellationToken, ("external_id", DbType.String), ("revision", DbType.Int64), ("delivered_on", DateType));
        // Nothing references a delivery line (quality issues name the delivery and the lot), so a newer revision
        // replaces its lines outright.
        var deleteLines = await PrepareAsync("DELETE FROM delivery_lines WHERE delivery_id = @delivery_id", cancellationToken, ("delivery_id", DbType.Int64));
        var insertLine = await PrepareAsync(
            """
            INSERT INTO delivery_lines (partnership_id, delivery_id, line_no, po_line_id, quantity, lot)
            VALUES (@p, @delivery_id, @line_no, @po_line_id, @quantity, @lot)
            """, cancellationToken, ("delivery_id", DbType.Int64), ("line_no", DbType.Int32), ("po_line_id", DbType.Int64), ("quantity", DbType.Int32), ("lot", DbType.String));
        for (var i = 0; i < deliveries.Count; i++)
        {
            if (!Writes(results[i])) continue;
            var delivery = deliveries[i];
            Set(upsert, delivery.ExternalId, delivery.Revision, Date(delivery.DeliveredOn));
            if (await upsert.ExecuteScalarAsync(cancellationToken) is not { } stored)
            {
                results[i] = ErpUpsertResult.Stale;
                continue;
            }
            var deliveryId = Convert.ToInt64(stored, CultureInfo.InvariantCulture);
            if (results[i] == ErpUpsertResult.Updated)
            {
                Set(deleteLines, deliveryId);
                await deleteLines.ExecuteNonQueryAsync(cancellationToken);
            }
            foreach (var line in delivery.Lines)
            {
                Set(insertLine, deliveryId, line.LineNo, orderLines[(line.PurchaseOrderExternalId, line.PurchaseOrderLineNo)], line.Quantity, line.Lot);
                await insertLine.ExecuteNonQueryAsync(cancellationToken);
            }
        }
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
        var results = Decide(invoices, await StoredAsync("invoices", invoices.Select(i => i.ExternalId), cancellationToken), i => i.ExternalId, i => i.Revision);
        var upsert = await PrepareAsync(
            """
            INSERT INTO invoices (partnership_id, external_id, revision, number, purchase_order_id, issued_on, due_on, amount_minor, currency, updated_at)
            VALUES (@p, @external_id, @revision, @number, @purchase_order_id, @issued_on, @due_on, @amount_minor, @currency, @now)
            ON CONFLICT (partnership_id, external_id) DO UPDATE SET revision = excluded.revision, number = excluded.number,
                purchase_order_id = excluded.purchase_order_id, issued_on = excluded.issued_on, due_on = excluded.due_on,
                amount_minor = excluded.amount_minor, currency = excluded.currency, updated_at = excluded.updated_at
            WHERE excluded.revision > invoices.revision
            RETURNING id
            """, cancellationToken, ("external_id", DbType.String), ("revision", DbType.Int64), ("number", DbType.String), ("purchase_order_id", DbType.Int64),
            ("issued_on", DateType), ("due_on", DateType), ("amount_minor", DbType.Int64), ("currency", DbType.String));
        for (var i = 0; i < invoices.Count; i++)
        {
            if (!Writes(results[i])) continue;
            var invoice = invoices[i];
            Set(upsert, invoice.ExternalId, invoice.Revision, invoice.Number, invoice.PurchaseOrderExternalId is { } order ? orderIds[order].Id : null,
                Date(invoice.IssuedOn), Date(invoice.DueOn), invoice.AmountMinor, invoice.Currency);
            if (await upsert.ExecuteScalarAsync(cancellationToken) is null) results[i] = ErpUpsertResult.Stale;
        }
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
        var results = Decide(payments, await StoredAsync("payments", payments.Select(p => p.ExternalId), cancellationToken), p => p.ExternalId, p => p.Revision);
        var upsert = await PrepareAsync(
            """
            INSERT INTO payments (partnership_id, external_id, revision, invoice_id, paid_on, amount_minor, currency, updated_at)
            VALUES (@p, @external_id, @revision, @invoice_id, @paid_on, @amount_minor, @currency, @now)
            ON CONFLICT (partnership_id, external_id) DO UPDATE SET revision = excluded.revision, invoice_id = excluded.invoice_id,
                paid_on = excluded.paid_on, amount_minor = excluded.amount_minor, currency = excluded.currency, updated_at = excluded.updated_at
            WHERE excluded.revision > payments.revision
            RETURNING id
            """, cancellationToken, ("external_id", DbType.String), ("revision", DbType.Int64), ("invoice_id", DbType.Int64), ("paid_on", DateType),
            ("amount_minor", DbType.Int64), ("currency", DbType.String));
        for (var i = 0; i < payments.Count; i++)
        {
            if (!Writes(results[i])) continue;
            var payment = payments[i];
            Set(upsert, payment.ExternalId, payment.Revision, invoiceIds[payment.InvoiceExternalId].Id, Date(payment.PaidOn), payment.AmountMinor, payment.Currency);
            if (await upsert.ExecuteScalarAsync(cancellationToken) is null) results[i] = ErpUpsertResult.Stale;
        }
        return results;
    }

    /// <summary>
    /// Results from the revisions stored before the batch, in order; a record repeated in the batch is judged against
    /// the earlier copy. A concurrent writer committing a newer revision meanwhile turns an update into stale at write time.
    /// </summary>
    private static ErpUpsertResult[] Decide<T>(IReadOnlyList<T> records, Dictionary<string, (long Id, long Revision)> stored, Func<T, string> externalId, Func<T, long> revision)
    {
        var results = new ErpUpsertResult[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            var id = externalId(records[i]);
            var sent = revision(records[i]);
            if (!stored.TryGetValue(id, out var known))
            {
                results[i] = ErpUpsertResult.Created;
                stored[id] = (0, sent);
            }
            else if (sent > known.Revision)
            {
                results[i] = ErpUpsertResult.Updated;
                stored[id] = known with { Revision = sent };
            }
            else
            {
                results[i] = sent == known.Revision ? ErpUpsertResult.Unchanged : ErpUpsertResult.Stale;
            }
        }
        return results;
    }

    private static bool Writes(ErpUpsertResult result) => result is ErpUpsertResult.Created or ErpUpsertResult.Updated;

    private static void ThrowIfAny(Dictionary<string, string> errors)
    {
        if (errors.Count > 0) throw new ValidationException(errors);
    }

    private async Task<Dictionary<string, (long Id, long Revision)>> StoredAsync(string table, IEnumerable<string> externalIds, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<string, (long Id, long Revision)>(StringComparer.Ordinal);
        foreach (var slice in externalIds.Distinct(StringComparer.Ordinal).Chunk(IdsPerQuery))
        {
            var rows = await connection.QueryAsync<(string ExternalId, long Id, long Revision)>(new CommandDefinition(
                $"SELECT external_id, id, revision FROM {table} WHERE partnership_id = @partnershipId AND {dialect.IsIn("external_id", "@slice")}",
                new { partnershipId, slice }, transaction, cancellationToken: cancellationToken));
            foreach (var row in rows) stored[row.ExternalId] = (row.Id, row.Revision);
        }
        return stored;
    }

    /// <summary>
    /// The ids of the order lines a batch references. Narrowing by line number too matters: a batch of deliveries
    /// usually touches a few lines of many large orders, and reading every line of those orders cost more than the writes.
    /// </summary>
    private async Task<Dictionary<(string Order, int LineNo), long>> OrderLinesAsync(IEnumerable<string> orderExternalIds, IEnumerable<int> lineNos, CancellationToken cancellationToken)
    {
        var lines = new Dictionary<(string Order, int LineNo), long>();
        var numbers = lineNos.Distinct().ToArray();
        foreach (var slice in orderExternalIds.Distinct(StringComparer.Ordinal).Chunk(IdsPerQuery))
        {
            var rows = await connection.QueryAsync<(string ExternalId, int LineNo, long Id)>(new CommandDefinition(
                $"""
                SELECT po.external_id, l.line_no, l.id
                FROM purchase_orders po JOIN purchase_order_lines l ON l.purchase_order_id = po.id
                WHERE po.partnership_id = @partnershipId AND {dialect.IsIn("po.external_id", "@slice")} AND {dialect.IsIn("l.line_no", "@numbers")}
                """, new { partnershipId, slice, numbers }, transaction, cancellationToken: cancellationToken));
            foreach (var row in rows) lines[(row.ExternalId, row.LineNo)] = row.Id;
        }
        return lines;
    }

    private DbType DateType => dialect.IsPostgres ? DbType.Date : DbType.String;

    private object Date(DateOnly value) => dialect.IsPostgres ? value : value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A command prepared once per writer; @p (the partnership) and @now are bound here, the rest per row.</summary>
    private async Task<DbCommand> PrepareAsync(string sql, CancellationToken cancellationToken, params (string Name, DbType Type)[] parameters)
    {
        if (_prepared.TryGetValue(sql, out var existing)) return existing;
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        if (sql.Contains("@p,", StringComparison.Ordinal)) Add(command, "p", DbType.Int64).Value = partnershipId;
        if (sql.Contains("@now", StringComparison.Ordinal))
        {
            Add(command, "now", dialect.IsPostgres ? DbType.DateTimeOffset : DbType.String).Value =
                dialect.IsPostgres ? now.ToUniversalTime() : TypeHandlers.ToSqliteText(now);
        }
        foreach (var (parameterName, type) in parameters) Add(command, parameterName, type);
        await command.PrepareAsync(cancellationToken);
        _commands.Add(command);
        _prepared[sql] = command;
        return command;
    }

    private static DbParameter Add(DbCommand command, string name, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>Assigns the per-row values in the order the parameters were declared (after @p and @now).</summary>
    private static void Set(DbCommand command, params object?[] values)
    {
        var offset = command.Parameters.Count - values.Length;
        for (var i = 0; i < values.Length; i++) command.Parameters[offset + i].Value = values[i] ?? DBNull.Value;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands) await command.DisposeAsync();
    }
}
