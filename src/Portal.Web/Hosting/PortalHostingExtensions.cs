using Microsoft.AspNetCore.HostFiltering;
using Portal.Data;
using Portal.Data.Database;
using Portal.Data.SharedKeys;
using Portal.Grpc;
using Portal.Web.Identity;
using Portal.Web.Jobs;
using Portal.Web.OAuth;
using Portal.Web.Seed;

namespace Portal.Web.Hosting;

/// <summary>The whole portal in two calls, so that Program.cs stays one screen and tests host the same thing.</summary>
public static class PortalHostingExtensions
{
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(PortalOptions.Section).Get<PortalOptions>() ?? new PortalOptions();
        if (options.Database.Provider == DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(options.Database.ConnectionString))
        {
            options.Database.ConnectionString = Path.Combine(options.DataDirectory, "portal.db");
        }
        var services = builder.Services;
        var publicAddress = new PublicAddress(options);
        var allowedHosts = publicAddress.AllowedHosts(options, builder.Configuration["AllowedHosts"]);
        services.PostConfigure<HostFilteringOptions>(o => o.AllowedHosts = [.. allowedHosts]);
        services.AddSingleton(publicAddress);
        services.AddSingleton(options);
        services.AddSingleton(options.Database);
        services.AddSingleton(options.Attachments);
        services.AddSingleton(options.ChangeFeed);
        services.AddSingleton(options.Sync);
        services.AddSingleton(options.Demo);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(SharedKeyCipher.FromBase64(options.KeyEncryptionKey, $"{PortalOptions.Section}:{nameof(PortalOptions.KeyEncryptionKey)}"));

        services.AddPortalData();
        services.AddPortalIdentity();
        services.AddPortalWeb(builder.Environment);
        services.AddPortalRateLimits(options.RateLimits);
        services.AddPortalHealth();
        services.AddPortalOAuth(options);
        if (options.RunsGrpc) services.AddPortalGrpc();
        services.AddPortalJobs(options);
        services.AddTransient<DemoSeeder>();
        services.AddTransient<DemoDesignRequests>();
        services.AddTransient<DemoScorecards>();
        return builder;
    }

    public static async Task UsePortalAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<PortalOptions>();
        var migrateOnly = app.Configuration["migrate"] is not null || Environment.GetCommandLineArgs().Contains("migrate");
        if (options.RunsJobs || migrateOnly)
        {
            await app.Services.GetRequiredService<Migrator>().MigrateAsync(async () =>
            {
                JobServices.PrepareStorage(app.Services, options);
                if (options.Demo.Seed)
                {
                    await using var scope = app.Services.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync();
                }
            });
        }
        // A wrong or missing key-encryption key stops the node here rather than at its first sign-in or token request.
        await app.Services.GetRequiredService<SharedKeyStore>().CheckAndEncryptAsync();
        if (migrateOnly)
        {
            Environment.Exit(0);
        }
        if (options.Demo.Seed)
        {
            DemoSeeder.PrintLogins(Console.Out);
        }

        app.UsePortalWeb(options);
        app.MapPortalHealth();
        if (options.RunsGrpc) app.MapPortalGrpc();
        app.UsePortalJobs(options);
    }
}
