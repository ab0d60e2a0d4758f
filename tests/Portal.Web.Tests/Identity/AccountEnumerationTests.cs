using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Data.Database;
using Portal.Data.Users;
using Portal.Web.Identity;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Identity;

/// <summary>
/// The attack: time and compare the answers to wrong passwords for real and made-up addresses. Timing is proven
/// deterministically instead of with a stopwatch: every attempt verifies exactly one password hash.
/// </summary>
public sealed partial class AccountEnumerationTests
{
    [Theory, OnBothDatabases]
    public async Task Real_unknown_and_locked_accounts_get_the_same_answer_after_the_same_work(DatabaseProvider provider)
    {
        await using var portal = new CountingPortal(provider);
        using var browser = WebSession.Anonymous(portal);

        var real = await AttemptAsync(portal, browser, "carl.engineer@arcadia.example", "not-his-password");
        var unknown = await AttemptAsync(portal, browser, "nobody.here@arcadia.example", "not-his-password");
        for (var i = 1; i < IdentityServices.MaxFailedAccessAttempts; i++)
        {
            await AttemptAsync(portal, browser, "carl.engineer@arcadia.example", "still-wrong");
        }
        var locked = await AttemptAsync(portal, browser, "carl.engineer@arcadia.example", "Partner-demo-2026");
        var unknownAgain = await AttemptAsync(portal, browser, "nobody.here@arcadia.example", "not-his-password");

        Assert.Equal((HttpStatusCode.OK, null, "The email or password is not right.", 1), real);
        Assert.Equal(real, unknown);
        Assert.Equal(real, locked);
        Assert.Equal(real, unknownAgain);
    }

    private static async Task<(HttpStatusCode Status, string? Location, string? Error, int Verifications)> AttemptAsync(
        CountingPortal portal, WebSession browser, string email, string password)
    {
        var before = portal.Hasher.Verifications;
        using var response = await browser.PostFormAsync("/account/login", new() { ["Email"] = email, ["Password"] = password });
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var error = LoginError().Match(body);
        return (response.StatusCode, response.Headers.Location?.ToString(), error.Success ? error.Groups[1].Value : null, portal.Hasher.Verifications - before);
    }

    [GeneratedRegex("data-testid=\"login-error\"[^>]*><ul><li>([^<]*)</li>")]
    private static partial Regex LoginError();

    private sealed class CountingPortal(DatabaseProvider provider) : PortalFactory(provider)
    {
        public CountingHasher Hasher { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<IPasswordHasher<PortalUser>>();
                services.AddSingleton<IPasswordHasher<PortalUser>>(Hasher);
            });
        }
    }

    /// <summary>Identity's hasher, counting the verifications: the expensive step whose absence gave unknown addresses away.</summary>
    public sealed class CountingHasher : IPasswordHasher<PortalUser>
    {
        private readonly PasswordHasher<PortalUser> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(PortalUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(PortalUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
