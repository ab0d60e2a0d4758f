using System.Net;
using Portal.Data.Database;
using Portal.Web.Seed;
using Portal.Web.Tests.Infrastructure;
using Portal.Web.Tests.Tenancy;

namespace Portal.Web.Tests.Pages;

/// <summary>The bad inputs an outside run found answering 500: each is now a clear 4xx or the page as asked.</summary>
public sealed class BadInputPagesTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task Overdue_filters_take_1_0_and_yes(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        using var lead = await WebSession.SignInAsync(portal, "alice.lead@helix.example");
        var statuses = new List<string>();

        foreach (var list in new[] { "quality", "design-requests" })
        {
            foreach (var value in new[] { "0", "1", "yes", "maybe" })
            {
                statuses.Add($"{list}?Overdue={value}: {(int)(await lead.GetAsync($"/p/{a.PartnershipId}/{list}?Overdue={value}")).Status}");
            }
        }

        Assert.All(statuses, s => Assert.EndsWith(": 200", s));
    }

    [Theory, OnBothDatabases]
    public async Task A_return_url_with_a_tab_or_line_break_sends_the_signed_in_person_home(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        using var session = await WebSession.SignInAsync(portal, "erin.engineer@helix.example");
        var locations = new List<string?>();

        foreach (var returnUrl in new[] { "/p/1\t/quality", "/p/1\r\nSet-Cookie: a=b", "/\u202Ep/1" })
        {
            var (status, _, location) = await session.PostAsync($"/account/login?ReturnUrl={Uri.EscapeDataString(returnUrl)}",
                new() { ["Email"] = "erin.engineer@helix.example", ["Password"] = DemoData.Password });
            Assert.Equal(HttpStatusCode.Redirect, status);
            locations.Add(location);
        }

        Assert.All(locations, l => Assert.Equal("/", l));
    }

    [Theory, OnBothDatabases]
    public async Task A_post_to_a_handler_the_page_does_not_have_is_not_found(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        using var lead = await WebSession.SignInAsync(portal, "alice.lead@helix.example");

        var (status, _, _) = await lead.PostAsync($"/p/{a.PartnershipId}/design-requests/{a.DesignRequestId}?handler=Nonsense", []);

        Assert.Equal(HttpStatusCode.NotFound, status);
    }
}
