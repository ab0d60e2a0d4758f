using System.Net;
using Microsoft.AspNetCore.Hosting;
using Portal.Data.Database;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Identity;

/// <summary>The attack: 60 sign-ins in 0.2 s, 60 wrong client secrets in 1.8 s. Limits are set low here, with a short window.</summary>
public sealed class RateLimitTests
{
    // Long enough that the attempts (each hashes a password or a secret) fall in one window, short enough to wait out.
    // A portal's first sign-in or token takes seconds (JIT, key generation) and could span a window: each test warms up first.
    private const int WindowSeconds = 4;

    [Fact]
    public async Task Wrong_passwords_for_one_account_get_429_with_retry_after_and_recover_after_the_window()
    {
        await using var portal = new LimitedPortal(perAccount: 3, perAddress: 100, WindowSeconds);
        using (await WebSession.SignInAsync(portal, "admin@helix.example"))
        {
        }
        using var browser = WebSession.Anonymous(portal);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await SignInAsync(browser, "nina.engineer@nordlab.example", "not-her-password");
            answers.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= WindowSeconds);
                Assert.Contains("data-testid=\"too-many\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            }
        }
        using var otherAccount = await SignInAsync(browser, "leo.lead@nordlab.example", "Partner-demo-2026");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers);
        Assert.Equal(HttpStatusCode.Redirect, otherAccount.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(WindowSeconds + 0.5), TestContext.Current.CancellationToken);
        using var later = await SignInAsync(browser, "nina.engineer@nordlab.example", "Partner-demo-2026");
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
    }

    [Fact]
    public async Task Many_accounts_from_one_address_hit_the_address_limit()
    {
        await using var portal = new LimitedPortal(perAccount: 100, perAddress: 3, windowSeconds: 600);
        using var browser = WebSession.Anonymous(portal);

        var answers = new List<HttpStatusCode>();
        foreach (var email in new[] { "a@x.example", "b@x.example", "c@x.example", "d@x.example" })
        {
            using var response = await SignInAsync(browser, email, "guess-guess-guess");
            answers.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers);
    }

    [Fact]
    public async Task Wrong_client_secrets_are_slowed_with_an_oauth_error_and_recover_after_the_window()
    {
        await using var portal = new LimitedPortal(perAccount: 3, perAddress: 100, WindowSeconds);
        await portal.GetTokenAsync("arcadia-erp", "arcadia-demo-secret-9K4m", "erp.read");

        var answers = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 4; i++)
        {
            var response = await portal.RequestTokenAsync("nordlab-erp", "wrong-secret", "erp.read");
            answers.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) refused = response; else response.Dispose();
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], answers);
        using (refused)
        {
            Assert.True(refused!.Headers.Contains("Retry-After"));
            Assert.Equal("application/json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("\"error\":\"slow_down\"", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
        await Task.Delay(TimeSpan.FromSeconds(WindowSeconds + 0.5), TestContext.Current.CancellationToken);
        Assert.False(string.IsNullOrEmpty(await portal.GetTokenAsync("nordlab-erp", "nordlab-demo-secret-7Q2x", "erp.read")));
    }

    private static Task<HttpResponseMessage> SignInAsync(WebSession browser, string email, string password) =>
        browser.PostFormAsync("/account/login", new() { ["Email"] = email, ["Password"] = password });

    private sealed class LimitedPortal(int perAccount, int perAddress, int windowSeconds) : PortalFactory(DatabaseProvider.Sqlite)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Portal:RateLimits:WindowSeconds", windowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Portal:RateLimits:SignInPerAccount", perAccount.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Portal:RateLimits:TokenPerClient", perAccount.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Portal:RateLimits:SignInPerAddress", perAddress.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Portal:RateLimits:TokenPerAddress", perAddress.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
