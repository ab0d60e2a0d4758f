using System.Diagnostics;

namespace Portal.Bench;

/// <summary>
/// HAProxy in front of the nodes given, configured as docs/deploy.md shows (round robin, pages over HTTP/1.1, gRPC over
/// h2c, /healthz checks); started again with other nodes to compare one node with two behind the same balancer.
/// </summary>
public sealed class BenchBalancer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private BenchBalancer(Process process, string directory)
    {
        _process = process;
        _directory = directory;
    }

    public static async Task<BenchBalancer> StartAsync(int webPort, int grpcPort, IReadOnlyList<ServerProcess> nodes)
    {
        var directory = Directory.CreateTempSubdirectory("portal-bench-haproxy-").FullName;
        var config = Path.Combine(directory, "haproxy.cfg");
        var servers = nodes.Select((n, i) => (Name: $"n{i + 1}", n.Web.Port, GrpcPort: n.Grpc.Port)).ToList();
        await File.WriteAllTextAsync(config, $$"""
            global
                maxconn 4000
            defaults
                mode http
                option redispatch
                retries 2
                timeout connect 2s
                timeout client 5m
                timeout server 5m
                timeout check 2s
                default-server inter 1s fall 2 rise 1
            frontend pages
                bind 127.0.0.1:{{webPort}}
                default_backend pages
            backend pages
                balance roundrobin
                option httpchk
                http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host 127.0.0.1
            {{string.Join("\n", servers.Select(s => $"    server {s.Name} 127.0.0.1:{s.Port} check"))}}
            frontend grpc
                bind 127.0.0.1:{{grpcPort}} proto h2
                default_backend grpc
            backend grpc
                balance roundrobin
                option httpchk
                http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host 127.0.0.1
            {{string.Join("\n", servers.Select(s => $"    server {s.Name} 127.0.0.1:{s.GrpcPort} proto h2 check port {s.Port} check-proto h1"))}}

            """);
        var process = Process.Start(new ProcessStartInfo("haproxy", ["-f", config, "-db"]) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException("HAProxy did not start (apt-get install haproxy).");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data?.Contains("ALERT", StringComparison.Ordinal) == true) Console.Error.WriteLine($"  [haproxy] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{webPort}/healthz")).IsSuccessStatusCode) return new BenchBalancer(process, directory);
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException("HAProxy did not answer.");
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
