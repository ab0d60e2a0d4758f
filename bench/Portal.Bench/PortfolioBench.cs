using System.Diagnostics;
using Dapper;
using Portal.Data.Database;
using Portal.Data.Scorecards;

namespace Portal.Bench;

/// <summary>
/// The portfolio page alone (B4's page half, issue 14): on a fresh portal, <c>--partnerships</c> partnerships (500 by
/// default) get twelve stored months each straight into the snapshot table (no ERP history: the page reads snapshots
/// and alerts only), a red or amber month and an open alert for some; then /portfolio is timed through Kestrel for the
/// demo admin, who sees every partnership: the first page in the default order, and a filtered, re-sorted page.
/// </summary>
public static class PortfolioBench
{
    private const double GoalMs = 50;
    private const int Months = 12;
    private const int WarmUpRounds = 250;
    private const string AdminEmail = "admin@helix.example";

    public static async Task RunAsync(BenchOptions options)
    {
        Console.WriteLine($"portfolio: {Environment.ProcessorCount} cores, .NET {Environment.Version}; database {(options.Postgres ? "PostgreSQL" : "SQLite")}; " +
            $"{options.Partnerships} partnerships × {Months} months{(options.Quick ? "; QUICK: figures mean nothing" : "")}");
        var store = await BenchDatabase.CreateAsync(options);
        try
        {
            await (await ServerProcess.StartAsync(store.Settings)).DisposeAsync();
            var watch = Stopwatch.StartNew();
            var alerts = await SeedAsync(store, options);
            Console.WriteLine($"seeded {options.Partnerships} partnerships, {options.Partnerships * Months} snapshots, {alerts} open alerts in {watch.Elapsed.TotalSeconds:0.0} s");
            if (await store.SettleAsync() is { TotalMilliseconds: > 0 } settled) Console.WriteLine($"VACUUM (ANALYZE) in {settled.TotalSeconds:0.0} s");

            await using var portal = await ServerProcess.StartAsync(store.Settings);
            using var admin = await PortalSession.SignInAsync(portal.Web, AdminEmail, Demo.Password);
            (string What, string Path)[] pages = [("first page, worst first", "/portfolio"), ("red on either side, biggest drop first, page 2", "/portfolio?state=red&sort=trend&pageNumber=2")];
            // Both pages warm up before either is timed, so that the first one timed does not pay for the JIT's second tier.
            for (var i = 0; i < WarmUpRounds; i++)
            {
                foreach (var (_, path) in pages) await admin.GetAsync(path, CancellationToken.None);
            }
            foreach (var (what, path) in pages)
            {
                var body = await admin.GetPageAsync(path, CancellationToken.None);
                await LatencySampler.WaitForIdleAsync(portal, options);
                var page = await LatencySampler.MeasureAsync(portal, ct => admin.GetAsync(path, ct), options);
                Console.WriteLine($"/portfolio {what} ({path}, {body.Length / 1024} KiB): {page} (goal median <= {GoalMs} ms: " +
                    $"{(page.Measured && page.Median.TotalMilliseconds <= GoalMs ? "met" : "NOT met")}; unpaged before: 78 ms, 816 KiB)");
            }
        }
        finally
        {
            if (options.Keep) Console.WriteLine($"kept: {store.ConnectionString}");
            else await store.DisposeAsync();
        }
    }

    /// <summary>Partnerships of their own customers with a year of months each, scores drifting by a seeded random walk; an alert where the last month fell a grade.</summary>
    private static async Task<int> SeedAsync(BenchDatabase store, BenchOptions options)
    {
        var database = new PortalDatabase(new DatabaseOptions { Provider = options.Postgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite, ConnectionString = store.ConnectionString });
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-Months);
        var now = DateTimeOffset.UtcNow;
        var alerts = 0;
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            var supplierId = await connection.ExecuteScalarAsync<long>("SELECT id FROM organisations WHERE kind = 'Supplier'", transaction: transaction);
            for (var k = 0; k < options.Partnerships; k++)
            {
                var random = new Random(k);
                var customerId = await connection.ExecuteScalarAsync<long>("INSERT INTO organisations (name, kind, created_at) VALUES (@Name, 'Customer', @now) RETURNING id",
                    new { Name = $"Bench customer {k:000}", now }, transaction);
                var partnershipId = await connection.ExecuteScalarAsync<long>(
                    "INSERT INTO partnerships (supplier_org_id, customer_org_id, name, currency, created_at) VALUES (@supplierId, @customerId, @Name, 'EUR', @now) RETURNING id",
                    new { supplierId, customerId, Name = $"Bench {k:000}", now }, transaction);
                var (supplier, customer) = (60 + random.Next(40), 50 + random.Next(50));
                (long Id, int Score, HealthState State)? before = null;
                for (var m = 0; m < Months; m++)
                {
                    supplier = Math.Clamp(supplier + random.Next(-12, 9), 0, 100);
                    customer = Math.Clamp(customer + random.Next(-10, 10), 0, 100);
                    var customerScored = k % 7 != 0;
                    var snapshotId = await connection.ExecuteScalarAsync<long>(
                        """
                        INSERT INTO scorecard_snapshots (partnership_id, month, revision, formula_version, currency, supplier_score_milli, supplier_state,
                                                         customer_score_milli, customer_state, computed_at, computed_by_name)
                        VALUES (@partnershipId, @Month, 1, 'bench', 'EUR', @Supplier, @SupplierState, @Customer, @CustomerState, @now, 'bench')
                        RETURNING id
                        """,
                        new
                        {
                            partnershipId, Month = first.AddMonths(m), Supplier = supplier * 1000L, SupplierState = State(supplier).ToString(),
                            Customer = customerScored ? customer * 1000L : (long?)null, CustomerState = (customerScored ? State(customer) : HealthState.InsufficientData).ToString(), now,
                        }, transaction);
                    if (m == Months - 1 && before is { } b && State(supplier) > b.State)
                    {
                        await connection.ExecuteAsync(
                            """
                            INSERT INTO health_alerts (partnership_id, snapshot_id, month, side, from_state, to_state, from_score_milli, to_score_milli, raised_at, state)
                            VALUES (@partnershipId, @snapshotId, @Month, 'Supplier', @From, @To, @FromScore, @ToScore, @now, 'Open')
                            """,
                            new { partnershipId, snapshotId, Month = first.AddMonths(m), From = b.State.ToString(), To = State(supplier).ToString(), FromScore = b.Score * 1000L, ToScore = supplier * 1000L, now },
                            transaction);
                        alerts++;
                    }
                    before = (snapshotId, supplier, State(supplier));
                }
            }
        });
        return alerts;
    }

    // Green, amber and red in the enum's order, so that a larger value is a worse grade.
    private static HealthState State(int score) => score >= 85 ? HealthState.Green : score >= 65 ? HealthState.Amber : HealthState.Red;
}
