using System.Diagnostics;

namespace Portal.ScaleOutTests.Cluster;

/// <summary>
/// HAProxy from Debian in front of the nodes, as docs/deploy.md configures it: round-robin without stickiness, pages
/// over HTTP/1.1 on one frontend and gRPC over h2c on another, /healthz checks, and the answering server's name in
/// X-Served-By so that tests can tell which node served a request.
/// </summary>
public sealed class Balancer : IAsyncDisposable
{
    public const string ServedBy = "X-Served-By";

    private readonly Process _process;
    private readonly string _directory;
    private readonly List<string> _log = [];

    private Balancer(Process process, string directory, int webPort, int grpcPort)
    {
        _process = process;
        _directory = directory;
        Web = new Uri($"http://127.0.0.1:{webPort}");
        Grpc = new Uri($"http://127.0.0.1:{grpcPort}");
    }

    public Uri Web { get; }
    public Uri Grpc { get; }
    public bool HasExited => _process.HasExited;

    public static string? Executable { get; } = new[] { "/usr/sbin/haproxy", "/usr/bin/haproxy", "/usr/local/sbin/haproxy" }.FirstOrDefault(File.Exists);

    public static async Task<Balancer> StartAsync(int webPort, int grpcPort, IReadOnlyList<PortalNode> nodes)
    {
        var directory = Directory.CreateTempSubdirectory("portal-haproxy-").FullName;
        var config = Path.Combine(directory, "haproxy.cfg");
        await File.WriteAllTextAsync(config, Config(webPort, grpcPort, nodes));
        var start = new ProcessStartInfo(Executable ?? throw new InvalidOperationException("HAProxy is not installed."), ["-f", config, "-db"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var balancer = new Balancer(Process.Start(start) ?? throw new InvalidOperationException("HAProxy did not start."), directory, webPort, grpcPort);
        balancer._process.OutputDataReceived += (_, e) => balancer.Keep(e.Data);
        balancer._process.ErrorDataReceived += (_, e) => balancer.Keep(e.Data);
        balancer._process.BeginOutputReadLine();
        balancer._process.BeginErrorReadLine();
        return balancer;
    }

    /// <summary>
    /// The configuration docs/deploy.md shows, with the tests' ports and quicker checks (a node is out after two failed
    /// checks 300 ms apart). HAProxy 2.6's HTTP/2 checks fail against Kestrel's h2c port (a socket error), so the gRPC
    /// backend checks the same node's /healthz on its pages port. Pages may be retried on the other node when a node refused the connection, or died before
    /// answering a GET; a POST is never replayed (it may have been applied). gRPC calls are not retried: a broken
    /// stream is the client's to resume (GetStreamPosition), which is what the tests prove.
    /// </summary>
    public static string Config(int webPort, int grpcPort, IReadOnlyList<PortalNode> nodes) => $$"""
        global
            maxconn 4000

        defaults
            mode http
            option redispatch
            retries 2
            timeout connect 2s
            timeout client 5m
            timeout server 5m
            timeout http-request 30s
            timeout check 2s
            default-server inter 300ms fall 2 rise 2

        frontend pages
            bind 127.0.0.1:{{webPort}}
            option forwardfor
            default_backend pages

        backend pages
            balance roundrobin
            option httpchk
            http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host 127.0.0.1
            http-check expect status 200
            retry-on conn-failure empty-response response-timeout
            http-request disable-l7-retry if !METH_GET
            http-response set-header {{ServedBy}} %[srv_name]
        {{string.Join("\n", nodes.Select(n => $"    server {n.Name} 127.0.0.1:{n.WebPort} check"))}}

        frontend grpc
            bind 127.0.0.1:{{grpcPort}} proto h2
            default_backend grpc

        backend grpc
            balance roundrobin
            option httpchk
            http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host 127.0.0.1
            http-check expect status 200
            http-response set-header {{ServedBy}} %[srv_name]
        {{string.Join("\n", nodes.Select(n => $"    server {n.Name} 127.0.0.1:{n.GrpcPort} proto h2 check port {n.WebPort} check-proto h1"))}}

        """;

    public string Log()
    {
        lock (_log) return $"--- haproxy ---\n{string.Join('\n', _log)}";
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_log)
        {
            _log.Add(line);
            if (_log.Count > 200) _log.RemoveAt(0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
