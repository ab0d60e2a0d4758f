using System.Data.Common;
using Dapper;
using Portal.Data.Credit;
using Portal.Data.Database;

namespace Portal.Data.Erp;

/// <summary>
/// Keeps the running balances of invoices and order lines (paid, settled on, delivered, fulfilled on) and their
/// outstanding steps with the monthly totals, the quantity delivered per day and the order lines due per day, in the
/// transaction that changed the records. Each refresh recomputes the named records from what is stored now, so it is
/// right whatever changed them (a new payment, a payment moved to another invoice, a revised amount, currency or date, a
/// dropped order line); a record that no longer exists loses its steps. The one exception is the common case of a sync:
/// an order line that only gained receipts dated no earlier than its last one moves on from its stored figures.
/// </summary>
internal sealed class ErpBalances(DbConnection connection, DbTransaction transaction, Dialect dialect, long partnershipId)
{
    public const string InvoiceSource = "invoice";
    public const string OrderLineSource = "order_line";

    /// <summary>Arbitrary but fixed: the first key of the per-partnership lock that orders ERP writes on PostgreSQL.</summary>
    private const int WriteLockClass = 721_500_402;

    /// <summary>
    /// PostgreSQL lets two transactions write the same partnership's records at once; each would then rebuild steps from
    /// a picture without the other's changes. The lock makes them take turns; SQLite's writers already do.
    /// </summary>
    public Task LockAsync(CancellationToken cancellationToken) => dialect.IsPostgres
        ? connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@WriteLockClass, @p::int)", new { WriteLockClass, p = partnershipId }, transaction, cancellationToken: cancellationToken))
        : Task.CompletedTask;

    /// <summary>
    /// Refreshes the named records. An order line that only gained <paramref name="receipts"/> (from new deliveries) is
    /// moved on from its stored figures when none falls before its last receipt, instead of being recomputed from every
    /// receipt it ever had: a line received against hundreds of times would otherwise cost that much at each new receipt.
    /// </summary>
    public async Task RefreshAsync(IReadOnlyCollection<long> invoiceIds, IReadOnlyCollection<long> orderLineIds, IReadOnlyCollection<Receipt> receipts,
        IReadOnlyCollection<long> deliveryIds, CancellationToken cancellationToken)
    {
        await CountDeliveriesAsync(deliveryIds, cancellationToken);
        var steps = new List<(string Source, long SourceId, string Currency, OutstandingStep Step)>();
        if (invoiceIds.Count > 0)
        {
            var invoices = await InvoicesAsync(invoiceIds, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                $"""
                UPDATE invoices SET paid_minor = r.paid_minor, last_paid_on = r.last_paid_on, settled_on = r.settled_on
                FROM {dialect.JsonRows("@rows", ("id", "bigint"), ("paid_minor", "bigint"), ("last_paid_on", "date"), ("settled_on", "date"))}
                WHERE invoices.id = r.id
                """, new { rows = Rows(invoices, "paid_minor", "last_paid_on", "settled_on") }, transaction, cancellationToken: cancellationToken));
            steps.AddRange(invoices.SelectMany(i => i.History.Steps.Select(s => (InvoiceSource, i.Id, i.Currency, s))));
        }
        var recounted = orderLineIds;
        if (orderLineIds.Count > 0 || receipts.Count > 0)
        {
            (var lines, recounted) = await OrderLinesAsync(orderLineIds, receipts, cancellationToken);
            // A line whose due date moved (or that is new) is counted on its due date as it stands and taken back from
            // the day it was counted on.
            var moved = lines.Where(l => l.CountedDueOn != l.DueOn).ToList();
            await AddToDueDaysAsync(moved.Select(l => (l.DueOn!.Value, 1L))
                .Concat(moved.Where(l => l.CountedDueOn is not null).Select(l => (l.CountedDueOn!.Value, -1L))), cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                $"""
                UPDATE purchase_order_lines SET delivered_quantity = r.delivered_quantity, last_delivered_on = r.last_delivered_on, fulfilled_on = r.fulfilled_on,
                    counted_due_on = purchase_order_lines.due_on
                FROM {dialect.JsonRows("@rows", ("id", "bigint"), ("delivered_quantity", "bigint"), ("last_delivered_on", "date"), ("fulfilled_on", "date"))}
                WHERE purchase_order_lines.id = r.id
                """, new { rows = Rows(lines, "delivered_quantity", "last_delivered_on", "fulfilled_on") }, transaction, cancellationToken: cancellationToken));
            steps.AddRange(lines.SelectMany(l => l.History.Steps.Select(s => (OrderLineSource, l.Id, l.Currency, s))));
        }
        var old = new List<(string Source, string Currency, DateOnly OnDate, long DeltaMinor)>();
        foreach (var (source, ids) in new[] { (InvoiceSource, invoiceIds), (OrderLineSource, recounted) }.Where(s => s.Item2.Count > 0))
        {
            old.AddRange(await connection.QueryAsync<(string, string, DateOnly, long)>(new CommandDefinition(
                $"""
                DELETE FROM exposure_steps WHERE source = @source AND {dialect.InList("source_id", "@ids")} AND {Dialect.OwnedBy("partnership_id", "@p")}
                RETURNING source, currency, on_date, delta_minor
                """, new { source, ids = dialect.ListOf(ids), p = partnershipId }, transaction, cancellationToken: cancellationToken)));
        }
        if (steps.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"""
                INSERT INTO exposure_steps (partnership_id, source, source_id, currency, on_date, delta_minor)
                SELECT @p, r.source, r.source_id, r.currency, r.on_date, r.delta_minor
                FROM {dialect.JsonRows("@rows", ("source", "text"), ("source_id", "bigint"), ("currency", "text"), ("on_date", "date"), ("delta_minor", "bigint"))}
                """, new
                {
                    p = partnershipId,
                    rows = JsonRows.Of(steps, (json, s) =>
                    {
                        json.WriteString("source", s.Source);
                        json.WriteNumber("source_id", s.SourceId);
                        json.WriteString("currency", s.Currency);
                        json.WriteDate("on_date", s.Step.On);
                        json.WriteNumber("delta_minor", s.Step.DeltaMinor);
                    }),
                }, transaction, cancellationToken: cancellationToken));
        }
        await AddToMonthsAsync(
            steps.Select(s => (s.Source, s.Currency, s.Step.On, s.Step.DeltaMinor)).Concat(old.Select(o => (o.Source, o.Currency, o.OnDate, -o.DeltaMinor))),
            cancellationToken);
    }

    /// <summary>Builds every balance of the partnership from its records, after the migration that introduced them.</summary>
    public async Task RebuildAsync(CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM exposure_steps WHERE partnership_id = @p; DELETE FROM exposure_months WHERE partnership_id = @p;
            DELETE FROM delivered_days WHERE partnership_id = @p; UPDATE deliveries SET counted_on = NULL, counted_quantity = 0 WHERE partnership_id = @p;
            DELETE FROM order_lines_due WHERE partnership_id = @p; UPDATE purchase_order_lines SET counted_due_on = NULL WHERE partnership_id = @p
            """,
            new { p = partnershipId }, transaction, cancellationToken: cancellationToken));
        var invoiceIds = (await connection.QueryAsync<long>(new CommandDefinition("SELECT id FROM invoices WHERE partnership_id = @p",
            new { p = partnershipId }, transaction, cancellationToken: cancellationToken))).ToList();
        var lineIds = (await connection.QueryAsync<long>(new CommandDefinition("SELECT id FROM purchase_order_lines WHERE partnership_id = @p",
            new { p = partnershipId }, transaction, cancellationToken: cancellationToken))).ToList();
        var deliveryIds = (await connection.QueryAsync<long>(new CommandDefinition("SELECT id FROM deliveries WHERE partnership_id = @p",
            new { p = partnershipId }, transaction, cancellationToken: cancellationToken))).ToList();
        foreach (var chunk in invoiceIds.Chunk(2000))
        {
            await RefreshAsync(chunk, [], [], [], cancellationToken);
        }
        foreach (var chunk in lineIds.Chunk(2000))
        {
            await RefreshAsync([], chunk, [], [], cancellationToken);
        }
        foreach (var chunk in deliveryIds.Chunk(2000))
        {
            await RefreshAsync([], [], [], chunk, cancellationToken);
        }
    }

    /// <summary>
    /// Moves each delivery's contribution to the daily totals from what it added last time (counted_on/counted_quantity)
    /// to what it holds now, so that a revision that changes the day or the lines never counts twice.
    /// </summary>
    private async Task CountDeliveriesAsync(IReadOnlyCollection<long> deliveryIds, CancellationToken cancellationToken)
    {
        if (deliveryIds.Count == 0) return;
        var counts = (await connection.QueryAsync<DeliveryCount>(new CommandDefinition(
            $"""
            SELECT d.id, d.counted_on, d.counted_quantity, d.delivered_on,
                   COALESCE((SELECT SUM(dl.quantity) FROM delivery_lines dl WHERE dl.delivery_id = d.id), 0) AS quantity
            FROM deliveries d
            WHERE {dialect.InList("d.id", "@ids")} AND {Dialect.OwnedBy("d.partnership_id", "@p")}
            """, new { p = partnershipId, ids = dialect.ListOf(deliveryIds) }, transaction, cancellationToken: cancellationToken))).ToList();
        await AddToDaysAsync("delivered_days", "on_date", "quantity",
            counts.Where(c => c.CountedOn is not null).Select(c => (c.CountedOn!.Value, -c.CountedQuantity)).Concat(counts.Select(c => (c.DeliveredOn, c.Quantity))),
            cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            UPDATE deliveries SET counted_on = r.counted_on, counted_quantity = r.counted_quantity
            FROM {dialect.JsonRows("@rows", ("id", "bigint"), ("counted_on", "date"), ("counted_quantity", "bigint"))}
            WHERE deliveries.id = r.id
            """, new
            {
                rows = JsonRows.Of(counts, (json, c) =>
                {
                    json.WriteNumber("id", c.Id);
                    json.WriteDate("counted_on", c.DeliveredOn);
                    json.WriteNumber("counted_quantity", c.Quantity);
                }),
            }, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>Takes back the due day that each of the order lines just deleted was counted on.</summary>
    public Task DropLinesAsync(IEnumerable<DateOnly?> countedDueOn, CancellationToken cancellationToken) =>
        AddToDueDaysAsync(countedDueOn.OfType<DateOnly>().Select(day => (day, -1L)), cancellationToken);

    private Task AddToDueDaysAsync(IEnumerable<(DateOnly Day, long Lines)> changes, CancellationToken cancellationToken) =>
        AddToDaysAsync("order_lines_due", "due_on", "lines", changes, cancellationToken);

    /// <summary>Adds the changes, summed per day, to a per-partnership daily total (<paramref name="table"/>, keyed by partnership and day).</summary>
    private async Task AddToDaysAsync(string table, string dayColumn, string totalColumn, IEnumerable<(DateOnly Day, long Change)> changes, CancellationToken cancellationToken)
    {
        var days = changes.GroupBy(c => c.Day).Select(g => (Day: g.Key, Change: g.Sum(c => c.Change))).Where(d => d.Change != 0).ToList();
        if (days.Count == 0) return;
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO {table} (partnership_id, {dayColumn}, {totalColumn})
            SELECT @p, r.day, r.change
            FROM {dialect.JsonRows("@rows", ("day", "date"), ("change", "bigint"))}
            WHERE TRUE
            ON CONFLICT (partnership_id, {dayColumn}) DO UPDATE SET {totalColumn} = {table}.{totalColumn} + excluded.{totalColumn}
            """, new
            {
                p = partnershipId,
                rows = JsonRows.Of(days, (json, d) =>
                {
                    json.WriteDate("day", d.Day);
                    json.WriteNumber("change", d.Change);
                }),
            }, transaction, cancellationToken: cancellationToken));
    }

    private async Task AddToMonthsAsync(IEnumerable<(string Source, string Currency, DateOnly On, long DeltaMinor)> changes, CancellationToken cancellationToken)
    {
        var months = changes.GroupBy(c => (c.Source, c.Currency, Month: OutstandingSteps.MonthOf(c.On)))
            .Select(g => (g.Key.Source, g.Key.Currency, g.Key.Month, DeltaMinor: g.Sum(c => c.DeltaMinor)))
            .Where(m => m.DeltaMinor != 0)
            .ToList();
        if (months.Count == 0) return;
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO exposure_months (partnership_id, source, currency, month, delta_minor)
            SELECT @p, r.source, r.currency, r.month, r.delta_minor
            FROM {dialect.JsonRows("@rows", ("source", "text"), ("currency", "text"), ("month", "date"), ("delta_minor", "bigint"))}
            WHERE TRUE
            ON CONFLICT (partnership_id, source, currency, month) DO UPDATE SET delta_minor = exposure_months.delta_minor + excluded.delta_minor
            """, new
            {
                p = partnershipId,
                rows = JsonRows.Of(months, (json, m) =>
                {
                    json.WriteString("source", m.Source);
                    json.WriteString("currency", m.Currency);
                    json.WriteDate("month", m.Month);
                    json.WriteNumber("delta_minor", m.DeltaMinor);
                }),
            }, transaction, cancellationToken: cancellationToken));
    }

    private async Task<List<Balance>> InvoicesAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        // Only payments in the invoice's own currency reduce it: amounts are never converted.
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            SELECT i.id, i.currency, i.issued_on AS starts_on, i.amount_minor AS total, 1 AS unit_minor, p.paid_on AS reduced_on, p.amount_minor AS reduced_by
            FROM invoices i LEFT JOIN payments p ON p.invoice_id = i.id AND p.currency = i.currency
            WHERE {dialect.InList("i.id", "@ids")} AND {Dialect.OwnedBy("i.partnership_id", "@p")}
            """, new { p = partnershipId, ids = dialect.ListOf(ids) }, transaction, cancellationToken: cancellationToken));
        return Balances(rows);
    }

    /// <summary>
    /// The balances of the lines named and of those the receipts were added to, and the ids of the lines among them that
    /// were recomputed (whose old steps go): the named ones and those a receipt reaches back before the last one.
    /// </summary>
    private async Task<(List<Balance> Lines, HashSet<long> Recounted)> OrderLinesAsync(IReadOnlyCollection<long> ids, IReadOnlyCollection<Receipt> receipts,
        CancellationToken cancellationToken)
    {
        var recounted = ids.ToHashSet();
        var added = receipts.Where(r => !recounted.Contains(r.OrderLineId)).ToLookup(r => r.OrderLineId, r => (r.On, r.Quantity));
        var extended = new List<Balance>();
        if (added.Count > 0)
        {
            var stored = await connection.QueryAsync<StoredLine>(new CommandDefinition(
                $"""
                SELECT l.id, po.currency, po.ordered_on AS starts_on, l.quantity AS total, l.unit_price_minor AS unit_minor,
                       l.delivered_quantity, l.last_delivered_on, l.fulfilled_on, l.due_on, l.counted_due_on
                FROM purchase_order_lines l
                JOIN purchase_orders po ON po.id = l.purchase_order_id
                WHERE {dialect.InList("l.id", "@ids")} AND {Dialect.OwnedBy("l.partnership_id", "@p")}
                """, new { p = partnershipId, ids = dialect.ListOf(added.Select(a => a.Key).ToList()) }, transaction, cancellationToken: cancellationToken));
            foreach (var line in stored)
            {
                var history = new OutstandingHistory(line.DeliveredQuantity, line.LastDeliveredOn, line.FulfilledOn, []);
                if (OutstandingSteps.Extend(line.StartsOn, line.Total, line.UnitMinor, history, added[line.Id]) is { } next)
                    extended.Add(new Balance(line.Id, line.Currency, next, line.DueOn, line.CountedDueOn));
                else
                    recounted.Add(line.Id);
            }
        }
        return (recounted.Count == 0 ? extended : [.. await RecomputedLinesAsync(recounted, cancellationToken), .. extended], recounted);
    }

    private async Task<List<Balance>> RecomputedLinesAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            SELECT l.id, po.currency, po.ordered_on AS starts_on, l.quantity AS total, l.unit_price_minor AS unit_minor, d.delivered_on AS reduced_on, dl.quantity AS reduced_by,
                   l.due_on, l.counted_due_on
            FROM purchase_order_lines l
            JOIN purchase_orders po ON po.id = l.purchase_order_id
            LEFT JOIN delivery_lines dl ON dl.po_line_id = l.id
            LEFT JOIN deliveries d ON d.id = dl.delivery_id
            WHERE {dialect.InList("l.id", "@ids")} AND {Dialect.OwnedBy("l.partnership_id", "@p")}
            """, new { p = partnershipId, ids = dialect.ListOf(ids) }, transaction, cancellationToken: cancellationToken));
        return Balances(rows);
    }

    private static List<Balance> Balances(IEnumerable<Row> rows) =>
        rows.GroupBy(r => r.Id).Select(g =>
        {
            var first = g.First();
            var reductions = g.Where(r => r.ReducedOn is not null).Select(r => (r.ReducedOn!.Value, r.ReducedBy ?? 0));
            return new Balance(g.Key, first.Currency, OutstandingSteps.For(first.StartsOn, first.Total, first.UnitMinor, reductions), first.DueOn, first.CountedDueOn);
        }).ToList();

    private static string Rows(List<Balance> balances, string reduced, string? lastReducedOn, string clearedOn) =>
        JsonRows.Of(balances, (json, b) =>
        {
            json.WriteNumber("id", b.Id);
            json.WriteNumber(reduced, b.History.Reduced);
            if (lastReducedOn is not null) WriteDate(lastReducedOn, b.History.LastReducedOn);
            WriteDate(clearedOn, b.History.ClearedOn);

            void WriteDate(string name, DateOnly? day)
            {
                if (day is { } value) json.WriteDate(name, value);
                else json.WriteNull(name);
            }
        });

    /// <summary>A quantity a new delivery received against an order line.</summary>
    public readonly record struct Receipt(long OrderLineId, DateOnly On, long Quantity);

    /// <summary>An order line's stored figures, which its new receipts move on from.</summary>
    private sealed record StoredLine
    {
        public long Id { get; init; }
        public required string Currency { get; init; }
        public DateOnly StartsOn { get; init; }
        public long Total { get; init; }
        public long UnitMinor { get; init; }
        public long DeliveredQuantity { get; init; }
        public DateOnly? LastDeliveredOn { get; init; }
        public DateOnly? FulfilledOn { get; init; }
        public DateOnly DueOn { get; init; }
        public DateOnly? CountedDueOn { get; init; }
    }

    private sealed record DeliveryCount(long Id, DateOnly? CountedOn, long CountedQuantity, DateOnly DeliveredOn, long Quantity);

    /// <summary>A record's balance; an order line's also with its due date and the day it was counted as due on (invoices have neither).</summary>
    private sealed record Balance(long Id, string Currency, OutstandingHistory History, DateOnly? DueOn, DateOnly? CountedDueOn);

    private sealed record Row
    {
        public long Id { get; init; }
        public required string Currency { get; init; }
        public DateOnly StartsOn { get; init; }
        public long Total { get; init; }
        public long UnitMinor { get; init; }
        public DateOnly? ReducedOn { get; init; }
        public long? ReducedBy { get; init; }
        public DateOnly? DueOn { get; init; }
        public DateOnly? CountedDueOn { get; init; }
    }
}
