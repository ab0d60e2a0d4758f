using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Data.Organisations;
using Portal.Data.Tenancy;
using Portal.Data.Users;

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
        builder.UseSetting("Portal:RecurringJobsOnSchedule", "false");
        // Both configured endpoints move to free loopback ports and speak HTTP/1.1, so any of them serves pages.
        builder.UseSetting("Kestrel:Endpoints:Web:Url", "http://127.0.0.1:0");
        builder.UseSetting("Kestrel:Endpoints:Grpc:Url", "http://127.0.0.1:0");
        builder.UseSetting("Kestrel:Endpoints:Grpc:Protocols", "Http1");
        // The journeys sign the same people in many times a minute from one address.
        builder.UseSetting("Portal:RateLimits:SignInPerAddress", "100000");
        builder.UseSetting("Portal:RateLimits:SignInPerAccount", "100000");
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

    /// <summary>A fresh browser context (its own cookies) on a laptop-sized window unless a size is given.</summary>
    public async Task<IPage> NewPageAsync(int width = 1366, int height = 900, bool bypassCsp = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            BypassCSP = bypassCsp,
        });
        return await context.NewPageAsync();
    }

    /// <summary>Adds a person of the test's own with a known password, through the same store the pages use; returns the email.</summary>
    public async Task<string> AddPersonAsync(string name, PortalRole role, string organisation, string password)
    {
        var organisationId = (await Services.GetRequiredService<OrganisationStore>().FindByNameAsync(organisation))!.Id;
        var seeder = new CallerScope { Kind = ActorKind.System, ActorName = "browser test", IsAdmin = true, PartnershipIds = [] };
        var email = $"{Guid.NewGuid():N}@test.example";
        await Services.GetRequiredService<UserStore>().CreateAsync(seeder, new NewUser(organisationId, email, name, role),
            new PasswordHasher<PortalUser>().HashPassword(new PortalUser(), password));
        return email;
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
