using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Database;
using Portal.Data.Notifications;
using Portal.Web.Tests.Infrastructure;
using Portal.Web.Tests.Tenancy;

namespace Portal.Web.Tests.Pages;

public sealed partial class TrailAndNotificationsTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task The_trail_lists_the_partnerships_changes_and_filters_them_by_entity(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        using var lead = await WebSession.SignInAsync(portal, "alice.lead@helix.example");

        var (status, all, _) = await lead.GetAsync($"/p/{a.PartnershipId}/trail");
        Assert.Equal(HttpStatusCode.OK, status);
        // Entries read as sentences with the entities' names, not their class names; the recorded JSON is for admins.
        Assert.Contains("ERP history", all);
        Assert.Contains("Partnership team", all);
        Assert.DoesNotContain(">ErpHistory", all);
        Assert.DoesNotContain("trail-raw", all);

        var (_, filtered, _) = await lead.GetAsync($"/p/{a.PartnershipId}/trail?entity=ErpClient");
        var entities = EntityCells().Matches(filtered).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Equal(["ErpClient"], entities);

        var (_, invalid, _) = await lead.GetAsync($"/p/{a.PartnershipId}/trail?from=2026-05-01&to=2026-04-01");
        Assert.Contains("The end date is before the start date.", invalid);
    }

    [Theory, OnBothDatabases]
    public async Task Admins_have_a_supplier_wide_trail_for_changes_outside_partnerships(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        using var admin = await WebSession.SignInAsync(portal, "admin@helix.example");
        using var lead = await WebSession.SignInAsync(portal, "alice.lead@helix.example");

        var (status, all, _) = await admin.GetAsync("/admin/trail");
        var (_, filtered, _) = await admin.GetAsync("/admin/trail?entity=Equipment");
        var (refused, _, _) = await lead.GetAsync("/admin/trail");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("data-testid=\"trail-table\"", all);
        Assert.Contains("trail-raw", all);
        Assert.Equal(["Equipment"], EntityCells().Matches(filtered).Select(m => m.Groups[1].Value).Distinct().ToList());
        Assert.NotEqual(HttpStatusCode.OK, refused);
    }

    [Theory, OnBothDatabases]
    public async Task Opening_a_notification_marks_it_read_and_follows_its_link(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        using var lead = await WebSession.SignInAsync(portal, "leo.lead@nordlab.example");
        Assert.Contains("Your partnership portal is ready", await AllUnreadAsync(portal, lead, a.LeadId));

        var (status, _, location) = await lead.PostAsync($"/notifications?handler=Open&id={a.LeadNotificationId}", []);

        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Equal($"/p/{a.PartnershipId}", location);
        // The demo's quality issues leave the lead other unread news; this one is no longer among it.
        Assert.DoesNotContain("Your partnership portal is ready", await AllUnreadAsync(portal, lead, a.LeadId));
    }

    /// <summary>
    /// Every page of the person's unread list: other tests on the shared portal notify the same lead meanwhile, and the
    /// demo's own news already fills more than a page, so the oldest notification is rarely on the first.
    /// </summary>
    private static async Task<string> AllUnreadAsync(PortalFactory portal, WebSession session, long userId)
    {
        var total = (await portal.Services.GetRequiredService<NotificationStore>().GetPageAsync(userId, true, 1, TestContext.Current.CancellationToken)).Total;
        // One page more than counted: news arriving between the count and the reads pushes older items down.
        var last = (total + NotificationStore.PageSize - 1) / NotificationStore.PageSize + 1;
        var pages = new List<string>();
        for (var page = 1; page <= last; page++)
        {
            pages.Add((await session.GetAsync($"/notifications?unreadOnly=true&pageNumber={page}")).Body);
        }
        return string.Join("\n", pages);
    }

    [GeneratedRegex(@"data-entity=""(\w+)""")]
    private static partial Regex EntityCells();
}
