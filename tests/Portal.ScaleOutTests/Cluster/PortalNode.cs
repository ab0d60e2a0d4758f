using System.Diagnostics;
using System.Reflection;

namespace Portal.ScaleOutTests.Cluster;

/// <summary>
/// One portal node: the built Portal.Web.dll of this repository run as a process of its own on fixed loopback ports,
/// so that it can be killed with SIGKILL and started again where the balancer expects it. Its output is kept for
/// the report when something fails.
/// </summary>
public sealed class PortalNode(string name, int webPort, int grpcPort, IReadOnlyDictionary<string, string> settings) : IAsyncDisposable
{
    private readonly List<string> _log = [];
    private Process? _process;

    /// <summary>The server's name in the balancer, which it puts in each response's X-Served-By.</summary>
    public string Name { get; } = name;
    public int WebPort { get; } = webPort;
    public int GrpcPort { get; } = grpcPort;
    public Uri Web => new($"http://127.0.0.1:{WebPort}");
    public Uri Grpc => new($"http://127.0.0.1:{GrpcPort}");
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The running process's id (Hangfire names its server after it).</summary>
    public int ProcessId => _process?.Id ?? 0;

    public void Start()
    {
        var output = PortalOutput();
        var start = new ProcessStartInfo("dotnet", ["exec", Path.Combine(output, "Portal.Web.dll")])
        {
            WorkingDirectory = output,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Kestrel__Endpoints__Web__Url"] = Web.ToString().TrimEnd('/');
        start.Environment["Kestrel__Endpoints__Grpc__Url"] = Grpc.ToString().TrimEnd('/');
        // A build output has no wwwroot (a publish copies it): serve the project's, as a published node would.
        start.Environment["ASPNETCORE_WEBROOT"] = Path.Combine(RepositoryRoot, "src", "Portal.Web", "wwwroot");
        foreach (var (key, value) in settings) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Node {Name} did not start.");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>Until the node answers /healthz itself (migrations and seed done, Kestrel listening).</summary>
    public async Task WaitUntilHealthyAsync(TimeSpan atMost)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + atMost;
        while (DateTime.UtcNow < deadline && IsRunning)
        {
            try
            {
                if ((await http.GetAsync(new Uri(Web, "/healthz"))).IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        throw new InvalidOperationException(IsRunning ? $"Node {Name} was not healthy within {atMost.TotalSeconds} s." : $"Node {Name} exited with code {_process?.ExitCode}.");
    }

    /// <summary>SIGKILL: no shutdown, no flushing, no goodbye to the balancer, as a power cut or the OOM killer.</summary>
    public async Task KillAsync()
    {
        if (_process is null) return;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _process = null;
    }

    public string Log()
    {
        lock (_log) return $"--- node {Name} (web {WebPort}, grpc {GrpcPort}) ---\n{string.Join('\n', _log)}";
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_log)
        {
            _log.Add(line);
            if (_log.Count > 300) _log.RemoveAt(0);
        }
    }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Portal.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Portal.sln not found above the tests.");
    }

    private static string PortalOutput()
    {
        var configuration = typeof(PortalNode).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;
        var output = Path.Combine(RepositoryRoot, "src", "Portal.Web", "bin", configuration, "net10.0");
        return File.Exists(Path.Combine(output, "Portal.Web.dll")) ? output : throw new InvalidOperationException($"Build the portal ({configuration}) first: {output} has no Portal.Web.dll.");
    }

    public ValueTask DisposeAsync() => new(KillAsync());
}
