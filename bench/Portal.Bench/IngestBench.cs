using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using Portal.Erp.V1;
using Portal.ErpSim;

namespace Portal.Bench;

/// <summary>
/// B1: deliveries through gRPC (real Kestrel, real token, validation, revisions, transaction) against a raw prepared
/// ADO.NET upsert of the same kind of rows into the same tables, in one run. B2: client streaming against unary batches
/// of 500. Memory: the server's peak working set after streaming --memory-rows deliveries.
/// </summary>
public static class IngestBench
{
    private const int Orders = 200;
    private const int LinesPerOrder = 50;

    public static async Task RunAsync(BenchOptions options)
    {
        await using var database = await BenchDatabase.CreateAsync(options);
        await RunAsync(options.Postgres, database.ConnectionString, database.Settings, options.Rows, options.Rounds, options.MemoryRows);
    }

    private static async Task RunAsync(bool postgres, string connectionString, Dictionary<string, string> settings, int rows, int rounds, int memoryRows)
    {
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; database {(postgres ? "PostgreSQL" : "SQLite")}; rows {rows} per measure and round, {rounds} rounds");
        await using var server = await ServerProcess.StartAsync(settings);
        using var connection = new PortalConnection(new Uri(server.Web, "/connect/token"), server.Grpc, Demo.ErpClientId, Demo.ErpSecret);
        var sync = new ErpSyncService.ErpSyncServiceClient(connection.Channel);
        await SeedOrdersAsync(sync, connection);

        // Each measure builds its input first, untimed (the ERP's messages, the raw loop's values), so that what is timed
        // is ingestion alone. Every measure runs once untimed (the JIT of both processes settles), then in rounds. The
        // tables grow from round to round and a shared machine has slow spells, so each ratio is taken between measures
        // that ran next to each other in the same round, in an order that alternates, and the median ratio is reported.
        var measures = new (string Name, Func<string, int, Task<Func<Task>>> Prepare)[]
        {
            ("B1 gRPC unary batches of 1000, one at a time", (prefix, count) => Ready(Deliveries(prefix, count), input => UnaryAsync(connection, input, 1000))),
            ("B1 raw prepared ADO.NET upsert", (prefix, count) => RawAsync(postgres, connectionString, prefix, count)),
            ("B1 gRPC unary batches of 1000, two in flight", (prefix, count) => Ready(Deliveries(prefix, count), input => PipelinedAsync(sync, connection, prefix, input, 1000, inFlight: 2))),
            ("B2 unary batches of 500", (prefix, count) => Ready(Deliveries(prefix, count), input => UnaryAsync(connection, input, 500))),
            ("B2 client stream", (prefix, count) => Ready(Deliveries(prefix, count),
                input => PushCommand.RunAsync(connection, input, $"bench-{prefix}", stream: true, batchSize: 0, TextWriter.Null, CancellationToken.None))),
        };
        var rates = measures.Select(_ => new double[rounds]).ToArray();
        for (var m = 0; m < measures.Length; m++) await (await measures[m].Prepare($"W{m}", Math.Max(1000, rows / 10)))();
        for (var round = 0; round < rounds; round++)
        {
            var order = round % 2 == 0 ? [0, 1, 2, 3, 4] : new[] { 2, 1, 0, 4, 3 };
            foreach (var m in order)
            {
                var run = await measures[m].Prepare($"R{round}M{m}", rows);
                rates[m][round] = rows / (await TimeAsync(run)).TotalSeconds;
            }
        }
        for (var m = 0; m < measures.Length; m++)
        {
            Console.WriteLine($"{measures[m].Name}: {string.Join(", ", rates[m].Select(r => r.ToString("0", CultureInfo.InvariantCulture)))} rows/s");
        }
        Console.WriteLine($"B1 ratio gRPC / raw: one at a time {Ratio(0, 1)}, two in flight {Ratio(2, 1)} (goal >= 0.80x)");
        Console.WriteLine($"B2 ratio stream / unary 500: {Ratio(4, 3)} (goal >= 1.05x)");

        string Ratio(int measured, int baseline)
        {
            var ratios = Enumerable.Range(0, rounds).Select(r => rates[measured][r] / rates[baseline][r]).ToList();
            return $"median {ratios.Order().ElementAt(rounds / 2):0.00}x (rounds: {string.Join(", ", ratios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)))})";
        }

        if (memoryRows > 0)
        {
            var memory = await TimeAsync(() => PushCommand.RunAsync(connection, Deliveries("MEM", memoryRows), "bench-memory", stream: true, batchSize: 0, TextWriter.Null, CancellationToken.None));
            Report("Memory: client stream", memoryRows, memory);
            Console.WriteLine($"Memory: server peak working set {server.PeakWorkingSetBytes() / (1024 * 1024)} MB after {memoryRows} streamed rows (goal < 300 MB)");
        }
    }

    /// <summary>An item and orders with lines for the deliveries to reference (not measured).</summary>
    private static async Task SeedOrdersAsync(ErpSyncService.ErpSyncServiceClient sync, PortalConnection connection)
    {
        var headers = await connection.HeadersAsync(CancellationToken.None);
        await sync.UpsertItemsAsync(new UpsertItemsRequest { RequestId = "bench-items", Items = { new Item { ExternalId = "BENCH-ITEM", Revision = 1, Sku = "B", Name = "Bench item", Unit = "pcs" } } }, headers);
        var orders = new UpsertPurchaseOrdersRequest { RequestId = "bench-orders" };
        for (var o = 0; o < Orders; o++)
        {
            var order = new PurchaseOrder { ExternalId = $"BENCH-PO-{o}", Revision = 1, Number = $"B{o}", OrderedOn = new Google.Type.Date { Year = 2026, Month = 1, Day = 1 } };
            for (var l = 1; l <= LinesPerOrder; l++) order.Lines.Add(new PurchaseOrderLine { LineNo = l, ItemExternalId = "BENCH-ITEM", Quantity = 1_000_000, UnitPrice = new Money { AmountMinor = 100, CurrencyCode = "EUR" }, DueOn = new Google.Type.Date { Year = 2026, Month = 2, Day = 1 } });
            orders.PurchaseOrders.Add(order);
        }
        await sync.UpsertPurchaseOrdersAsync(orders, headers);
    }

    private static IEnumerable<StreamUpsertsRequest> Deliveries(string prefix, int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return new StreamUpsertsRequest
            {
                Sequence = i + 1,
                Delivery = new Delivery
                {
                    ExternalId = $"{prefix}-{i}", Revision = 1, DeliveredOn = new Google.Type.Date { Year = 2026, Month = 1, Day = 20 },
                    Lines = { new DeliveryLine { LineNo = 1, PurchaseOrderExternalId = $"BENCH-PO-{i % Orders}", PurchaseOrderLineNo = 1 + i / Orders % LinesPerOrder, Quantity = 3, Lot = "LOT-1" } },
                },
            };
        }
    }

    private static Task<Func<Task>> Ready(IEnumerable<StreamUpsertsRequest> envelopes, Func<IReadOnlyList<StreamUpsertsRequest>, Task> send)
    {
        var input = envelopes.ToList();
        return Task.FromResult(() => send(input));
    }

    private static Task<PushCommand.Totals> UnaryAsync(PortalConnection connection, IEnumerable<StreamUpsertsRequest> envelopes, int batch) =>
        PushCommand.RunAsync(connection, envelopes, $"bench-{Guid.NewGuid():N}", stream: false, batchSize: batch, TextWriter.Null, CancellationToken.None);

    /// <summary>
    /// Batches of deliveries with <paramref name="inFlight"/> calls open at once, as an ERP that does not wait for one
    /// answer before sending the next batch: the portal parses and validates one batch while it writes the other.
    /// </summary>
    private static async Task PipelinedAsync(ErpSyncService.ErpSyncServiceClient sync, PortalConnection connection, string prefix, IEnumerable<StreamUpsertsRequest> envelopes, int batch, int inFlight)
    {
        var headers = await connection.HeadersAsync(CancellationToken.None);
        var open = new List<Task>();
        var number = 0;
        foreach (var chunk in envelopes.Chunk(batch))
        {
            if (open.Count == inFlight) open.Remove(await Task.WhenAny(open));
            var request = new UpsertDeliveriesRequest { RequestId = $"bench-{prefix}-{++number}", Deliveries = { chunk.Select(e => e.Delivery) } };
            open.Add(sync.UpsertDeliveriesAsync(request, headers).ResponseAsync);
        }
        await Task.WhenAll(open);
    }

    /// <summary>
    /// The same rows, straight into the same tables: one prepared upsert per table, values reassigned per row, 1000 rows a
    /// transaction. The external ids and order-line ids are worked out before the clock starts.
    /// </summary>
    private static async Task<Func<Task>> RawAsync(bool postgres, string connectionString, string prefix, int count)
    {
        DbConnection connection = postgres ? new NpgsqlConnection(connectionString) : new SqliteConnection($"Data Source={connectionString}");
        await connection.OpenAsync();
        if (!postgres) await connection.ExecuteAsync("PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;");
        var partnershipId = await connection.ExecuteScalarAsync<long>("SELECT partnership_id FROM erp_clients WHERE client_id = 'nordlab-erp'");
        var lines = (await connection.QueryAsync<(string Order, int LineNo, long Id)>(
            "SELECT po.external_id, l.line_no, l.id FROM purchase_orders po JOIN purchase_order_lines l ON l.purchase_order_id = po.id WHERE po.external_id LIKE 'BENCH-PO-%'"))
            .ToDictionary(l => (l.Order, l.LineNo), l => l.Id);
        var externalIds = Enumerable.Range(0, count).Select(i => $"{prefix}-{i}").ToArray();
        var lineIds = Enumerable.Range(0, count).Select(i => lines[($"BENCH-PO-{i % Orders}", 1 + i / Orders % LinesPerOrder)]).ToArray();
        return async () =>
        {
            await using var _ = connection;
            for (var start = 0; start < count; start += 1000)
            {
                await using var transaction = await connection.BeginTransactionAsync();
                await using var delivery = Command(connection, transaction, postgres,
                    """
                    INSERT INTO deliveries (partnership_id, external_id, revision, delivered_on, updated_at) VALUES (@p, @e, @r, @d, @u)
                    ON CONFLICT (partnership_id, external_id) DO UPDATE SET revision = excluded.revision, delivered_on = excluded.delivered_on, updated_at = excluded.updated_at
                    WHERE excluded.revision > deliveries.revision RETURNING id
                    """, ("p", DbType.Int64), ("e", DbType.String), ("r", DbType.Int64), ("d", postgres ? DbType.Date : DbType.String), ("u", postgres ? DbType.DateTimeOffset : DbType.String));
                await using var line = Command(connection, transaction, postgres,
                    "INSERT INTO delivery_lines (partnership_id, delivery_id, line_no, po_line_id, quantity, lot) VALUES (@p, @id, 1, @l, @q, @lot)",
                    ("p", DbType.Int64), ("id", DbType.Int64), ("l", DbType.Int64), ("q", DbType.Int32), ("lot", DbType.String));
                for (var i = start; i < Math.Min(count, start + 1000); i++)
                {
                    delivery.Parameters[0].Value = partnershipId;
                    delivery.Parameters[1].Value = externalIds[i];
                    delivery.Parameters[2].Value = 1L;
                    delivery.Parameters[3].Value = postgres ? new DateOnly(2026, 1, 20) : "2026-01-20";
                    delivery.Parameters[4].Value = postgres ? DateTimeOffset.UtcNow : DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
                    var id = Convert.ToInt64(await delivery.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
                    line.Parameters[0].Value = partnershipId;
                    line.Parameters[1].Value = id;
                    line.Parameters[2].Value = lineIds[i];
                    line.Parameters[3].Value = 3;
                    line.Parameters[4].Value = "LOT-1";
                    await line.ExecuteNonQueryAsync();
                }
                await transaction.CommitAsync();
            }
        };
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, bool postgres, string sql, params (string Name, DbType Type)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, type) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.DbType = type;
            command.Parameters.Add(parameter);
        }
        command.Prepare();
        return command;
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> work)
    {
        var watch = Stopwatch.StartNew();
        await work();
        return watch.Elapsed;
    }

    private static void Report(string what, int rows, TimeSpan elapsed) =>
        Console.WriteLine($"{what}: {rows} rows in {elapsed.TotalSeconds:0.0} s = {rows / elapsed.TotalSeconds:0} rows/s");
}
