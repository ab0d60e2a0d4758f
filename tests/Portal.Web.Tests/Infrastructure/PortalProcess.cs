using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Grpc.Net.Client;

namespace Portal.Web.Tests.Infrastructure;

/// <summary>
/// The built portal (Portal.Web.dll beside the tests) as a process of its own on free loopback ports, with an SQLite
/// database in <paramref name="dataDirectory"/>, so that a test can kill it with SIGKILL and start it again on the same data.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();

    private PortalProcess(Process process, int webPort, int grpcPort)
    {
        _process = process;
        WebAddress = $"http://127.0.0.1:{webPort}";
        GrpcAddress = $"http://127.0.0.1:{grpcPort}";
    }

    public string WebAddress { get; }
    public string GrpcAddress { get; }

    public static async Task<PortalProcess> StartAsync(string dataDirectory, IDictionary<string, string>? settings = null)
    {
        var (webPort, grpcPort) = (FreePort(), FreePort());
        var start = new ProcessStartInfo("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "Portal.Web.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Portal__DataDirectory"] = dataDirectory;
        start.Environment["Portal__RecurringJobsOnSchedule"] = "false";
        start.Environment["Kestrel__Endpoints__Web__Url"] = $"http://127.0.0.1:{webPort}";
        start.Environment["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{grpcPort}";
        start.Environment["Portal__Tokens__Issuer"] = $"http://127.0.0.1:{webPort}/";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var portal = new PortalProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."), webPort, grpcPort);
        portal._process.OutputDataReceived += (_, e) => portal.Keep(e.Data);
        portal._process.ErrorDataReceived += (_, e) => portal.Keep(e.Data);
        portal._process.BeginOutputReadLine();
        portal._process.BeginErrorReadLine();
        try
        {
            await portal.WaitUntilServingAsync();
        }
        catch
        {
            // A portal that never served is still a process: end it rather than leave it running after the test.
            await portal.DisposeAsync();
            throw;
        }
        return portal;
    }

    public async Task<string> GetTokenAsync(string clientId, string secret)
    {
        using var http = new HttpClient();
        var response = await http.PostAsync($"{WebAddress}/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = "erp.sync",
        }));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<PortalFactory.TokenResponse>())!.AccessToken;
    }

    public GrpcChannel CreateGrpcChannel() => GrpcChannel.ForAddress(GrpcAddress);

    /// <summary>SIGKILL: no shutdown hooks, no flushing, as a power cut or the OOM killer would.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    private async Task WaitUntilServingAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        // Generous: migrating and seeding a new database takes a minute and more when the machine runs other test processes too.
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) break;
            try
            {
                // Any answer from the token endpoint means the host is up (an empty form is a 400).
                var response = await http.PostAsync($"{WebAddress}/connect/token", new FormUrlEncodedContent([]));
                if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new InvalidOperationException($"The portal process did not start serving:\n{string.Join("\n", _lastLines)}");
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > 40) _lastLines.Dequeue();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await KillAsync();
        _process.Dispose();
    }
}
