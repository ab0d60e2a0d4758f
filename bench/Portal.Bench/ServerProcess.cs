using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Portal.Bench;

/// <summary>The built portal as a separate process on free loopback ports; its peak working set is read from /proc.</summary>
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
        var output = PortalOutput();
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

    /// <summary>src/Portal.Web/bin/{the benchmark's configuration}/net10.0 of the same repository.</summary>
    private static string PortalOutput()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Portal.sln"))) root = root.Parent;
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        return Path.Combine(root?.FullName ?? throw new InvalidOperationException("Portal.sln not found above the benchmark."), "src", "Portal.Web", "bin", configuration, "net10.0");
    }

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
