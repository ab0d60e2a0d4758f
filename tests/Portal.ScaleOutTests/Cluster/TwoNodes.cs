using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace Portal.ScaleOutTests.Cluster;

/// <summary>
/// Two portal nodes with every role on one fresh PostgreSQL database, started at the same moment, behind HAProxy.
/// Shared by the tests of the <see cref="ScaleOutCollection"/>, which run one at a time: they count what the
/// balancer sends where, and some kill a node (<see cref="EnsureBothUpAsync"/> brings it back for the next).
/// </summary>
public sealed class TwoNodes : IAsyncLifetime
{
    public const string PostgresVariable = "PORTAL_TEST_POSTGRES";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private string? _database;
    private Balancer? _balancer;

    /// <summary>Null when the cluster can run here; otherwise why its tests are skipped.</summary>
    public static string? SkipReason =>
        string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresVariable)) ? $"{PostgresVariable} is not set (./test.sh starts a throwaway PostgreSQL and sets it)."
        : Balancer.Executable is null ? "HAProxy is not installed (test.sh installs Debian's haproxy)."
        : null;

    public PortalNode A { get; private set; } = null!;
    public PortalNode B { get; private set; } = null!;
    public IReadOnlyList<PortalNode> Nodes => [A, B];
    public Balancer Balancer => _balancer!;

    /// <summary>The nodes' own database, for counting rows.</summary>
    public string ConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        if (SkipReason is not null) return;
        var server = Environment.GetEnvironmentVariable(PostgresVariable)!;
        _database = $"portal_scaleout_{Guid.NewGuid():N}";
        await ExecuteOnServerAsync(server, $"CREATE DATABASE {_database}");
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = _database }.ConnectionString;
        var ports = FreePorts(6);
        var publicUrl = $"http://127.0.0.1:{ports[4]}";
        var settings = new Dictionary<string, string>
        {
            ["Portal__Database__Provider"] = "Postgres",
            ["Portal__RecurringJobsOnSchedule"] = "false",
            ["Portal__Database__ConnectionString"] = ConnectionString,
            ["Portal__PublicUrl"] = publicUrl,
            ["Portal__Tokens__Issuer"] = publicUrl + "/",
            ["Portal__KeyEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true",
            // Small stream chunks, so that a stream killed half-way has acknowledged some and not others.
            ["Portal__Sync__StreamChunkSize"] = "100",
            // A long window, so that the rate-limit test's counts cannot straddle two windows.
            ["Portal__RateLimits__WindowSeconds"] = "600",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        };
        A = new PortalNode("a", ports[0], ports[1], settings);
        B = new PortalNode("b", ports[2], ports[3], settings);
        // The same moment: both race for the migration lock, the seed and Hangfire's schema.
        A.Start();
        B.Start();
        try
        {
            await Task.WhenAll(A.WaitUntilHealthyAsync(StartTimeout), B.WaitUntilHealthyAsync(StartTimeout));
            _balancer = await Balancer.StartAsync(ports[4], ports[5], Nodes);
            await WaitUntilBalancedAsync("a", "b");
        }
        catch (Exception e)
        {
            var logs = Logs();
            // Nothing may outlive a failed start: the nodes, the balancer and the database go now.
            await DisposeAsync();
            throw new InvalidOperationException($"The two-node cluster did not start: {e.Message}\n{logs}", e);
        }
    }

    /// <summary>Starts again any node a test killed, on its ports, and waits until the balancer sends to it.</summary>
    public async Task EnsureBothUpAsync()
    {
        var restarted = Nodes.Where(n => !n.IsRunning).ToList();
        if (restarted.Count == 0) return;
        foreach (var node in restarted) node.Start();
        try
        {
            foreach (var node in restarted) await node.WaitUntilHealthyAsync(StartTimeout);
            await WaitUntilBalancedAsync("a", "b");
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"A node did not come back: {e.Message}\n{Logs()}", e);
        }
    }

    /// <summary>Until requests through the balancer have been answered by each of these servers.</summary>
    public async Task WaitUntilBalancedAsync(params string[] servers)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var seen = new HashSet<string>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!servers.All(seen.Contains))
        {
            if (DateTime.UtcNow > deadline || Balancer.HasExited) throw new InvalidOperationException($"The balancer sent only to [{string.Join(", ", seen)}] of [{string.Join(", ", servers)}].");
            try
            {
                using var response = await http.GetAsync(new Uri(Balancer.Web, "/healthz"));
                if (response.IsSuccessStatusCode && response.Headers.TryGetValues(Balancer.ServedBy, out var by)) seen.Add(by.Single());
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
    }

    public PortalNode Node(string name) => Nodes.Single(n => n.Name == name);

    public string Logs() => string.Join("\n", Nodes.Where(n => n is not null).Select(n => n.Log()).Append(_balancer?.Log() ?? ""));

    public async Task<long> CountAsync(string sql, object? parameter = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (parameter is not null) command.Parameters.AddWithValue("p", parameter);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<List<string>> ListAsync(string sql, object? parameter = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (parameter is not null) command.Parameters.AddWithValue("p", parameter);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync()) values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return values;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_balancer is not null) await _balancer.DisposeAsync();
        _balancer = null;
        if (A is not null) await A.DisposeAsync();
        if (B is not null) await B.DisposeAsync();
        if (_database is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteOnServerAsync(Environment.GetEnvironmentVariable(PostgresVariable)!, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
            _database = null;
        }
    }

    private static async Task ExecuteOnServerAsync(string server, string sql)
    {
        // Unpooled: a pooled connection would sit in the maintenance database for the whole run.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Free loopback ports from 5600 up (the range this machine sets aside for the two-node test), so that nothing else
    /// running here is hit by mistake.
    /// </summary>
    private static int[] FreePorts(int count)
    {
        var ports = new List<int>();
        for (var port = 5600; port < 5700 && ports.Count < count; port++)
        {
            try
            {
                var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                listener.Stop();
                ports.Add(port);
            }
            catch (SocketException)
            {
            }
        }
        return ports.Count == count ? [.. ports] : throw new InvalidOperationException($"Fewer than {count} free ports between 5600 and 5699.");
    }
}
