using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Database;
using Portal.Data.Users;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Identity;

/// <summary>
/// The attacks: "Host: evil.example" made an invitation link point at the attacker's site, and inviting an address
/// told a customer lead whether it had an account anywhere in the portal.
/// </summary>
public sealed partial class InvitationLinkTests(PortalHosts hosts)
{
    private const string PublicUrl = "https://portal.example.test";

    [Theory, OnBothDatabases]
    public async Task A_request_for_another_host_is_refused(DatabaseProvider provider)
    {
        using var client = hosts.For(provider).CreateDefaultClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Host = "evil.example";

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory, OnBothDatabases]
    public async Task Invitation_links_come_from_the_public_url_whatever_the_host_header(DatabaseProvider provider)
    {
        await using var portal = new PublicPortal(provider);
        using var lead = await WebSession.SignInAsync(portal, "leo.lead@nordlab.example");
        lead.Headers.Host = "evil.example";

        var (invited, link) = await InviteAsync(portal, lead, "new.person@nordlab.example");

        Assert.Equal(HttpStatusCode.Redirect, invited);
        Assert.StartsWith($"{PublicUrl}/account/accept-invite?userId=", link);
        Assert.DoesNotContain("evil.example", link);
    }

    [Theory, OnBothDatabases]
    public async Task A_customer_lead_cannot_tell_whether_an_address_has_an_account_elsewhere(DatabaseProvider provider)
    {
        await using var portal = new PublicPortal(provider);
        using var lead = await WebSession.SignInAsync(portal, "leo.lead@nordlab.example");

        var (fresh, freshLink) = await InviteAsync(portal, lead, "someone.new@nordlab.example");
        var (elsewhere, elsewhereLink) = await InviteAsync(portal, lead, "carl.engineer@arcadia.example");
        var (ownTeam, _) = await InviteAsync(portal, lead, "nina.engineer@nordlab.example");

        Assert.Equal(HttpStatusCode.Redirect, fresh);
        Assert.Equal(HttpStatusCode.Redirect, elsewhere);
        Assert.Equal(LinkShape().Replace(freshLink!, "#"), LinkShape().Replace(elsewhereLink!, "#"));
        // Leo sees Nina on his team page anyway, so saying so tells him nothing new.
        Assert.Equal(HttpStatusCode.OK, ownTeam);
        // The stand-in link leads nowhere: Carl keeps his account and his password.
        using var accepting = WebSession.Anonymous(portal);
        var query = new Uri(elsewhereLink!).Query;
        var (_, acceptPage, _) = await accepting.PostAsync($"/account/accept-invite{query}", new() { ["Password"] = "Taken-over-1", ["ConfirmPassword"] = "Taken-over-1" });
        Assert.Contains("This invitation link is not valid any more.", acceptPage);
        using (await WebSession.SignInAsync(portal, "carl.engineer@arcadia.example"))
        {
        }
    }

    /// <summary>Invites through the team page; the link, when there is one, from the page the invitation redirects to.</summary>
    private static async Task<(HttpStatusCode Status, string? Link)> InviteAsync(PortalFactory portal, WebSession lead, string email)
    {
        var leo = await portal.Services.GetRequiredService<UserStore>().FindByNormalizedEmailAsync("LEO.LEAD@NORDLAB.EXAMPLE", TestContext.Current.CancellationToken);
        var (status, body, _) = await lead.PostAsync("/team?handler=Invite", new()
        {
            ["Invite.OrganisationId"] = leo!.OrganisationId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Invite.DisplayName"] = "Invited Person",
            ["Invite.Email"] = email,
            ["Invite.Role"] = nameof(PortalRole.CustomerEngineer),
        });
        if (status != HttpStatusCode.Redirect)
        {
            Assert.Contains("This person is already on your team.", body);
            return (status, null);
        }
        var (_, team, _) = await lead.GetAsync("/team");
        var link = InviteLink().Match(team);
        Assert.True(link.Success, "The team page shows no invitation link.");
        return (status, WebUtility.HtmlDecode(link.Groups[1].Value));
    }

    [GeneratedRegex("data-testid=\"invite-link\"[\\s\\S]*?value=\"([^\"]+)\"")]
    private static partial Regex InviteLink();

    // What differs between any two invitations: the person's id and the token.
    [GeneratedRegex("userId=\\d+&token=[^&]+")]
    private static partial Regex LinkShape();

    private sealed class PublicPortal(DatabaseProvider provider) : PortalFactory(provider)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Portal:PublicUrl", PublicUrl);
            // Host filtering off, as behind a proxy that passes any Host on: the links must not depend on it.
            builder.UseSetting("AllowedHosts", "*");
        }
    }
}
