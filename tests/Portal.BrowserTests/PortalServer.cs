using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Portal.BrowserTests;

/// <summary>
/// The whole portal on a real Kestrel port with a fresh SQLite database and the demo seed, and one Debian
/// Chromium driven by Playwright. Shared by the browser tests of a collection.
/// </summary>
public sealed class PortalServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("portal-browser-").FullName;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Portal:DataDirectory", _dataDirectory);
        // Both configured endpoints move to free loopback ports and speak HTTP/1.1, so any of them serves pages.
        builder.UseSetting("Kestrel:Endpoints:Web:Url", "http://127.0.0.1:0");
        builder.UseSetting("Kestrel:Endpoints:Grpc:Url", "http://127.0.0.1:0");
        builder.UseSetting("Kestrel:Endpoints:Grpc:Protocols", "Http1");
    }

    public async ValueTask InitializeAsync()
    {
        UseKestrel();
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("PORTAL_BROWSER") ?? "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser context (its own cookies) on a laptop-sized window.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        return await context.NewPageAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class PortalServerCollection : ICollectionFixture<PortalServer>
{
    public const string Name = "portal server";
}
