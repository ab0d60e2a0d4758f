using System.Net;
using Portal.Data.Database;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Identity;

/// <summary>The attack: copy the sign-in cookie, let its owner sign out, replay the copy.</summary>
public sealed class SignOutTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task A_copied_cookie_is_refused_after_its_owner_signs_out(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        using var session = await WebSession.SignInAsync(portal, "nina.engineer@nordlab.example");
        var stolen = session.Cookies.GetCookieHeader(portal.Server.BaseAddress);
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(portal, stolen, "/notifications")).StatusCode);

        var (signedOut, _, _) = await session.PostAsync("/account/logout", []);
        Assert.Equal(HttpStatusCode.Redirect, signedOut);

        using var replayed = await ReplayAsync(portal, stolen, "/notifications");
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.StartsWith("http://localhost/account/login", replayed.Headers.Location?.ToString());
    }

    [Theory, OnBothDatabases]
    public async Task Signing_out_ends_only_that_session(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        using var laptop = await WebSession.SignInAsync(portal, "carl.engineer@arcadia.example");
        using var phone = await WebSession.SignInAsync(portal, "carl.engineer@arcadia.example");

        await laptop.PostAsync("/account/logout", []);

        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/notifications")).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await laptop.GetAsync("/notifications")).Status);
    }

    private static async Task<HttpResponseMessage> ReplayAsync(PortalFactory portal, string cookieHeader, string path)
    {
        using var client = portal.CreateDefaultClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookieHeader);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
