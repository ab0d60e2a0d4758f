using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Portal.ErpSim;

namespace Portal.ErpSim.Tests;

/// <summary>The whole demo portal in memory on a data directory of its own, for tests that drive the reference client against it.</summary>
public abstract class DemoPortalTest : IAsyncLifetime
{
    private WebApplicationFactory<Program> _portal = null!;

    protected string DataDirectory { get; } = Directory.CreateTempSubdirectory("portal-erpsim-").FullName;

    public ValueTask InitializeAsync()
    {
        _portal = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("Portal:DataDirectory", DataDirectory).UseSetting("Portal:RecurringJobsOnSchedule", "false"));
        _ = _portal.Server;
        return ValueTask.CompletedTask;
    }

    protected PortalConnection Connect(string clientId, string secret) =>
        new(new Uri(_portal.Server.BaseAddress, "/connect/token"), _portal.Server.BaseAddress, clientId, secret, _portal.Server.CreateHandler());

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        await _portal.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(DataDirectory, recursive: true);
        GC.SuppressFinalize(this);
    }
}
