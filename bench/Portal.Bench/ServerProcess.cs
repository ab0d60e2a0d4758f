using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Portal.Bench;

/// <summary>The built portal as a separate process on free loopback ports; its peak working set is read from /proc, its processor time from the OS.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, int web, int grpc)
    {
        _process = process;
        Web = new Uri($"http://127.0.0.1:{web}");
        Grpc = new Uri($"http://127.0.0.1:{grpc}");
    }

    public Uri Web { get; }
    public Uri Grpc { get; }

    public static async Task<ServerProcess> StartAsync(IDictionary<string, string> settings)
    {
        var (web, grpc) = (FreePort(), FreePort());
        var project = PortalProject();
        var output = Path.Combine(project, "bin", Configuration(), "net10.0");
        var start = new ProcessStartInfo("dotnet", ["exec", Path.Combine(output, "Portal.Web.dll")])
        {
            WorkingDirectory = output,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Kestrel__Endpoints__Web__Url"] = $"http://127.0.0.1:{web}";
        start.Environment["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{grpc}";
        start.Environment["Portal__Tokens__Issuer"] = $"http://127.0.0.1:{web}/";
        // A build output has no wwwroot (only a publish copies it): serve the project's, as a published portal would.
        start.Environment["ASPNETCORE_WEBROOT"] = Path.Combine(project, "wwwroot");
        foreach (var (key, value) in settings) start.Environment[key] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"  [portal] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, web, grpc);
        using var http = new HttpClient();
        for (var i = 0; i < 600; i++)
        {
            try
            {
                var response = await http.PostAsync(new Uri(server.Web, "/connect/token"), new FormUrlEncodedContent([]));
                if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.OK) return server;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        throw new InvalidOperationException("The portal did not start.");
    }

    /// <summary>VmHWM: the highest resident set the process has had (Linux).</summary>
    public long PeakWorkingSetBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    /// <summary>The processor time the portal has used so far, all threads.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.HasExited
            ? throw new InvalidOperationException($"The portal (process {_process.Id}) has exited with code {_process.ExitCode}: nothing after this can be measured.")
            : _process.TotalProcessorTime;
    }

    /// <summary>
    /// Waits until the portal uses under 5 % of a core for a second: a request the client abandoned can keep the server
    /// busy long after, and would slow whatever is measured next. False when it is still busy after <paramref name="atMost"/>.
    /// </summary>
    public async Task<bool> WaitUntilIdleAsync(TimeSpan atMost)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < atMost)
        {
            var before = CpuTime();
            await Task.Delay(1000);
            if (CpuTime() - before < TimeSpan.FromMilliseconds(50)) return true;
        }
        return false;
    }

    /// <summary>src/Portal.Web of the same repository.</summary>
    private static string PortalProject()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Portal.sln"))) root = root.Parent;
        return Path.Combine(root?.FullName ?? throw new InvalidOperationException("Portal.sln not found above the benchmark."), "src", "Portal.Web");
    }

    /// <summary>The benchmark's own build configuration: the portal is run from the output of the same one.</summary>
    private static string Configuration() =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
