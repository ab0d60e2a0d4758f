using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Dapper;
using Npgsql;
using Portal.ErpSim;

namespace Portal.Bench;

/// <summary>
/// The same load through HAProxy in front of one node and in front of two (PostgreSQL only), in alternating rounds within
/// one run: the signed-in dashboard under a closed loop of four connections, and ERP ingest as two clients pushing unary
/// batches of fresh records at once. The figure is the ratio two nodes / one node. On a machine where the nodes, the
/// database, HAProxy and the load generator share the same cores, it shows the cost of a second node, not scaling.
/// </summary>
public static class ScaleOutBench
{
    private const int PageConnections = 4;
    private const int Pushers = 2;

    public static async Task RunAsync(BenchOptions options)
    {
        if (!options.Postgres)
        {
            Console.WriteLine("scale-out: needs --db postgres (nodes share one PostgreSQL database); skipped.");
            return;
        }
        await using var database = await BenchDatabase.CreateAsync(options);
        var (balancerWeb, balancerGrpc) = (FreePort(), FreePort());
        var settings = new Dictionary<string, string>(database.Settings)
        {
            ["Portal__PublicUrl"] = $"http://127.0.0.1:{balancerWeb}",
            ["Portal__Tokens__Issuer"] = $"http://127.0.0.1:{balancerWeb}/",
        };
        await using var first = await ServerProcess.StartAsync(settings);
        await using var second = await ServerProcess.StartAsync(settings);
        long partnershipId;
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            partnershipId = await connection.ExecuteScalarAsync<long>("SELECT id FROM partnerships WHERE name LIKE '%Nordlab'");
        }
        var web = new Uri($"http://127.0.0.1:{balancerWeb}");
        var grpc = new Uri($"http://127.0.0.1:{balancerGrpc}");
        var size = options.Quick ? 20 : 300;
        var rounds = options.Quick ? 1 : options.LoadRounds;
        Console.WriteLine($"Scale-out through HAProxy: dashboard /p/{partnershipId} with {PageConnections} connections for {options.LoadRound.TotalSeconds:0} s, " +
            $"ingest of {Pushers} × a {size}-order history in unary batches of 500; {rounds} rounds, one node then two (alternating order)");
        var results = new Dictionary<int, List<(double Pages, double Records)>> { [1] = [], [2] = [] };
        var seed = 500;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var nodes in round % 2 == 0 ? new[] { 1, 2 } : [2, 1])
            {
                await using var balancer = await BenchBalancer.StartAsync(balancerWeb, balancerGrpc, nodes == 1 ? [first] : [first, second]);
                using var session = await PortalSession.SignInAsync(web, Demo.LeadEmail, Demo.Password, PageConnections);
                var path = $"/p/{partnershipId.ToString(CultureInfo.InvariantCulture)}";
                await LoadGenerator.RunAsync(ct => session.GetAsync(path, ct), PageConnections, options.LoadRound / 5);
                var pages = await LoadGenerator.RunAsync(ct => session.GetAsync(path, ct), PageConnections, options.LoadRound);
                var records = await IngestAsync(web, grpc, Enumerable.Range(seed, Pushers).ToList(), size);
                seed += Pushers;
                results[nodes].Add((pages.RequestsPerSecond, records));
                Console.WriteLine($"  round {round + 1}, {nodes} node(s): dashboard {pages.RequestsPerSecond.ToString("0", CultureInfo.InvariantCulture)} req/s ({pages.Failed} failed), " +
                    $"ingest {records.ToString("0", CultureInfo.InvariantCulture)} records/s");
            }
        }
        var pageRatio = Median(results[2].Zip(results[1], (two, one) => two.Pages / one.Pages));
        var ingestRatio = Median(results[2].Zip(results[1], (two, one) => two.Records / one.Records));
        Console.WriteLine($"Scale-out two nodes / one node (median of the rounds' ratios): dashboard {pageRatio.ToString("0.00", CultureInfo.InvariantCulture)}×, " +
            $"ingest {ingestRatio.ToString("0.00", CultureInfo.InvariantCulture)}× on {Environment.ProcessorCount} cores");
    }

    /// <summary>Records per second of several ERP clients pushing new histories through the balancer at once.</summary>
    private static async Task<double> IngestAsync(Uri web, Uri grpc, List<int> seeds, int size)
    {
        var histories = seeds.Select(s => ErpHistoryGenerator.Generate(s, size).ToList()).ToList();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(histories.Select(async (history, i) =>
        {
            using var connection = new PortalConnection(new Uri(web, "/connect/token"), grpc, Demo.ErpClientId, Demo.ErpSecret);
            await PushCommand.RunAsync(connection, history, $"scaleout-{seeds[i]}", stream: false, batchSize: 500, TextWriter.Null, CancellationToken.None);
        }));
        return histories.Sum(h => h.Count) / watch.Elapsed.TotalSeconds;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
