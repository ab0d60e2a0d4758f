using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Hosting;

public sealed class HstsTests
{
    [Fact]
    public async Task A_production_portal_pins_browsers_to_https_only_on_responses_over_tls()
    {
        await using var portal = new ProductionPortal();

        var overTls = await HstsHeaderAsync(portal, "https://localhost");
        var plain = await HstsHeaderAsync(portal, "http://localhost");

        Assert.Equal("max-age=2592000", overTls);
        Assert.Null(plain);
    }

    private static async Task<string?> HstsHeaderAsync(PortalFactory portal, string origin)
    {
        using var client = portal.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(origin), AllowAutoRedirect = false });
        using var response = await client.GetAsync("/account/login", TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{origin}: {(int)response.StatusCode}");
        return response.Headers.TryGetValues("Strict-Transport-Security", out var values) ? values.Single() : null;
    }

    private sealed class ProductionPortal : PortalFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            // The test server answers as localhost, which HSTS leaves out by default so that developers' browsers are not pinned.
            builder.ConfigureTestServices(services => services.Configure<HstsOptions>(o => o.ExcludedHosts.Clear()));
        }
    }
}
