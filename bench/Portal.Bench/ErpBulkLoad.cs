using System.Data.Common;
using System.Globalization;
using Dapper;
using Npgsql;
using Portal.Data.Database;

namespace Portal.Bench;

/// <summary>
/// Partnerships with months of ERP history, written straight into the portal's tables: binary COPY on PostgreSQL, one
/// prepared INSERT per table on SQLite, a transaction per chunk of partnerships. Pushing millions of lines through the
/// gRPC sync would take most of an hour here (B1 measures that path); this writes what the ERP writer would have left:
/// the records and the balances it keeps beside them (each line's delivered quantity, last receipt and fulfilment day, each delivery's
/// counted quantity, the daily delivered totals). Not written: invoices, payments and exposure steps, so the credit
/// metrics read no data; the measure is about the delivery history.
/// </summary>
/// <remarks>
/// Each purchase order holds ten lines due on one day and is delivered in one delivery of ten lines. A partnership
/// delivers late and short at a rate of its own (2–30 %), so the scorecards spread over green, amber and red.
/// </remarks>
public sealed class ErpBulkLoad(BenchDatabase database, bool postgres)
{
    private const int LinesPerOrder = 10;
    private const int ChunkSize = 25;

    // Ids far above the demo seed's, one sequence for every table: the rows are written with their ids, so that lines
    // can name their order and delivery without a round trip.
    private long _next = 10_000_000;

    /// <summary>Creates <paramref name="count"/> partnerships, each with <paramref name="linesEach"/> order lines due over <paramref name="months"/> months from <paramref name="firstMonth"/>.</summary>
    public async Task<IReadOnlyList<long>> AddAsync(string namePrefix, int count, int linesEach, DateOnly firstMonth, int months)
    {
        await using var connection = await OpenAsync();
        var supplierId = await connection.ExecuteScalarAsync<long>("SELECT id FROM organisations WHERE kind = 'Supplier'");
        var ids = new List<long>();
        for (var start = 0; start < count; start += ChunkSize)
        {
            var rows = new Rows();
            for (var k = start; k < Math.Min(count, start + ChunkSize); k++)
            {
                ids.Add(Generate(rows, supplierId, $"{namePrefix} {k:000}", k, linesEach, firstMonth, months));
            }
            await using var transaction = await connection.BeginTransactionAsync();
            foreach (var table in Rows.Tables)
            {
                await WriteAsync(connection, transaction, table.Name, table.Columns, rows.Of(table.Name));
            }
            await transaction.CommitAsync();
        }
        if (postgres)
        {
            // The rows came with ids of their own: the identity columns carry on after them.
            foreach (var table in Rows.Tables.Where(t => t.Columns[0] == "id"))
            {
                await connection.ExecuteAsync($"SELECT setval(pg_get_serial_sequence('{table.Name}', 'id'), (SELECT MAX(id) FROM {table.Name}))");
            }
        }
        return ids;
    }

    private long Generate(Rows rows, long supplierId, string name, int index, int linesEach, DateOnly firstMonth, int months)
    {
        var random = new Random(index);
        var lateRate = 0.02 + 0.28 * (index % 10) / 9.0;
        var created = new DateTimeOffset(firstMonth.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var (organisationId, partnershipId, itemId) = (++_next, ++_next, ++_next);
        rows.Add("organisations", organisationId, $"{name} customer", "Customer", created);
        rows.Add("partnerships", partnershipId, supplierId, organisationId, name, "EUR", created);
        rows.Add("items", itemId, partnershipId, "ITEM-1", 1L, "SKU-1", "Bench part", "pcs", created);
        var days = new Dictionary<DateOnly, long>();
        var dueDays = new Dictionary<DateOnly, long>();
        var orders = linesEach / LinesPerOrder;
        for (var o = 0; o < orders; o++)
        {
            var month = firstMonth.AddMonths(o * months / orders);
            var due = month.AddDays(random.Next(DateTime.DaysInMonth(month.Year, month.Month)));
            var (orderId, deliveryId) = (++_next, ++_next);
            // Ordered two weeks ahead, but not before the history starts: the catch-up begins with the first order's month.
            var orderedOn = due.AddDays(-14) < firstMonth ? firstMonth : due.AddDays(-14);
            rows.Add("purchase_orders", orderId, partnershipId, $"PO-{o}", 1L, $"B{o}", orderedOn, "EUR", created);
            var late = random.NextDouble() < lateRate;
            var deliveredOn = late ? due.AddDays(1 + random.Next(10)) : due.AddDays(-random.Next(3));
            long deliveredInAll = 0;
            for (var l = 1; l <= LinesPerOrder; l++)
            {
                var ordered = 100 + random.Next(900);
                var delivered = late && random.Next(2) == 0 ? ordered * 9 / 10 : ordered;
                deliveredInAll += delivered;
                var lineId = ++_next;
                rows.Add("purchase_order_lines", lineId, partnershipId, orderId, l, itemId, ordered, 250L, due, (long)delivered, deliveredOn,
                    delivered >= ordered ? deliveredOn : null, due);
                rows.Add("delivery_lines", ++_next, partnershipId, deliveryId, l, lineId, delivered, "LOT-1");
            }
            rows.Add("deliveries", deliveryId, partnershipId, $"D-{o}", 1L, deliveredOn, created, deliveredOn, deliveredInAll);
            days[deliveredOn] = days.GetValueOrDefault(deliveredOn) + deliveredInAll;
            dueDays[due] = dueDays.GetValueOrDefault(due) + LinesPerOrder;
        }
        foreach (var (day, quantity) in days.OrderBy(d => d.Key))
        {
            rows.Add("delivered_days", partnershipId, day, quantity);
        }
        foreach (var (day, lines) in dueDays.OrderBy(d => d.Key))
        {
            rows.Add("order_lines_due", partnershipId, day, lines);
        }
        return partnershipId;
    }

    private async Task<DbConnection> OpenAsync()
    {
        var connection = database.Connect();
        await connection.OpenAsync();
        if (!postgres) await connection.ExecuteAsync("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
        return connection;
    }

    private async Task WriteAsync(DbConnection connection, DbTransaction transaction, string table, string[] columns, List<object?[]> rows)
    {
        if (postgres)
        {
            await using var copy = await ((NpgsqlConnection)connection).BeginBinaryImportAsync($"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)");
            foreach (var row in rows)
            {
                await copy.StartRowAsync();
                foreach (var value in row)
                {
                    if (value is null) await copy.WriteNullAsync();
                    else await copy.WriteAsync(value);
                }
            }
            await copy.CompleteAsync();
            return;
        }
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
        for (var i = 0; i < columns.Length; i++)
        {
            var parameter = insert.CreateParameter();
            parameter.ParameterName = $"p{i}";
            insert.Parameters.Add(parameter);
        }
        insert.Prepare();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++) insert.Parameters[i].Value = SqliteValue(row[i]);
            await insert.ExecuteNonQueryAsync();
        }
    }

    private static object SqliteValue(object? value) => value switch
    {
        null => DBNull.Value,
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset instant => TypeHandlers.ToSqliteText(instant),
        _ => value,
    };

    /// <summary>The generated rows of a chunk, per table; <see cref="Tables"/> lists them in an order their references allow.</summary>
    private sealed class Rows
    {
        public static readonly (string Name, string[] Columns)[] Tables =
        [
            ("organisations", ["id", "name", "kind", "created_at"]),
            ("partnerships", ["id", "supplier_org_id", "customer_org_id", "name", "currency", "created_at"]),
            ("items", ["id", "partnership_id", "external_id", "revision", "sku", "name", "unit", "updated_at"]),
            ("purchase_orders", ["id", "partnership_id", "external_id", "revision", "number", "ordered_on", "currency", "updated_at"]),
            ("purchase_order_lines", ["id", "partnership_id", "purchase_order_id", "line_no", "item_id", "quantity", "unit_price_minor", "due_on", "delivered_quantity", "last_delivered_on", "fulfilled_on", "counted_due_on"]),
            ("deliveries", ["id", "partnership_id", "external_id", "revision", "delivered_on", "updated_at", "counted_on", "counted_quantity"]),
            ("delivery_lines", ["id", "partnership_id", "delivery_id", "line_no", "po_line_id", "quantity", "lot"]),
            ("delivered_days", ["partnership_id", "on_date", "quantity"]),
            ("order_lines_due", ["partnership_id", "due_on", "lines"]),
        ];

        private readonly Dictionary<string, List<object?[]>> _rows = Tables.ToDictionary(t => t.Name, _ => new List<object?[]>());

        public void Add(string table, params object?[] values) => _rows[table].Add(values);

        public List<object?[]> Of(string table) => _rows[table];
    }
}
