using System.Net;
using System.Text.RegularExpressions;
using Portal.Data.Database;
using Portal.Web.Tests.Infrastructure;
using Portal.Web.Tests.Tenancy;

namespace Portal.Web.Tests.Pages;

public sealed partial class TrailAndNotificationsTests(PortalHosts hosts)
{
    [Theory, AllDatabases]
    public async Task The_trail_lists_the_partnerships_changes_and_filters_them_by_entity(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        using var lead = await WebSession.SignInAsync(portal, "alice.lead@helix.example");

        var (status, all, _) = await lead.GetAsync($"/p/{a.PartnershipId}/trail");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("ErpHistory", all);
        Assert.Contains("PartnershipMember", all);

        var (_, filtered, _) = await lead.GetAsync($"/p/{a.PartnershipId}/trail?entity=ErpClient");
        var entities = EntityCells().Matches(filtered).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Equal(["ErpClient"], entities);

        var (_, invalid, _) = await lead.GetAsync($"/p/{a.PartnershipId}/trail?from=2026-05-01&to=2026-04-01");
        Assert.Contains("The end date is before the start date.", invalid);
    }

    [Theory, AllDatabases]
    public async Task Opening_a_notification_marks_it_read_and_follows_its_link(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        using var lead = await WebSession.SignInAsync(portal, "leo.lead@nordlab.example");
        var (_, list, _) = await lead.GetAsync("/notifications?unreadOnly=true");
        Assert.Contains("Your partnership portal is ready", list);

        var (status, _, location) = await lead.PostAsync($"/notifications?handler=Open&id={a.LeadNotificationId}", []);

        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Equal($"/p/{a.PartnershipId}", location);
        // The demo's quality issues leave the lead other unread news; this one is no longer among it.
        var (_, after, _) = await lead.GetAsync("/notifications?unreadOnly=true");
        Assert.DoesNotContain("Your partnership portal is ready", after);
    }

    [GeneratedRegex(@"<td>(\w+) <span class=""text-body-secondary"">#")]
    private static partial Regex EntityCells();
}
