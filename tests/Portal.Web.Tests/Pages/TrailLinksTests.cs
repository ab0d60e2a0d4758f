using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Changes;
using Portal.Data.Database;
using Portal.Data.ErpClients;
using Portal.Data.Organisations;
using Portal.Data.Partnerships;
using Portal.Data.Tenancy;
using Portal.Data.Users;
using Portal.Web.Seed;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Pages;

/// <summary>
/// A trail entry is a link only when its page lets the reader in: every demo login, every kind of entry on every trail
/// it can read, every link followed. A customer engineer reads that an ERP connection was created, but gets no link to
/// a page that would refuse them.
/// </summary>
public sealed partial class TrailLinksTests(PortalHosts hosts)
{
    private static readonly Lock Gate = new();
    private static Task? _recorded;

    public static TheoryData<string> EveryLogin => [.. DemoData.Users.Select(u => u.Email)];

    [Theory, MemberData(nameof(EveryLogin))]
    public async Task Every_link_on_every_trail_a_person_reads_opens_for_them(string email)
    {
        var portal = hosts.For(DatabaseProvider.Sqlite);
        lock (Gate)
        {
            _recorded ??= RecordRestrictedEntriesAsync(portal);
        }
        await _recorded;
        using var session = await WebSession.SignInAsync(portal, email);
        var scope = await ScopeOfAsync(portal, email);
        var trails = scope.PartnershipIds.Select(id => $"/p/{id}/trail").ToList();
        if (scope.Role == PortalRole.Admin)
        {
            trails.Add("/admin/trail");
        }

        var followed = new HashSet<string>();
        foreach (var trail in trails)
        {
            foreach (var entity in ChangeKinds.All.Select(k => k.Entity))
            {
                var (status, body, _) = await session.GetAsync($"{trail}?entity={entity}");
                Assert.Equal(HttpStatusCode.OK, status);
                followed.UnionWith(EntryLinks().Matches(body).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)));
            }
        }

        Assert.NotEmpty(followed);
        foreach (var link in followed)
        {
            var (status, _, location) = await session.GetAsync(link);
            // An action item's link goes on to its review; a refusal goes on to the access-denied page, which answers 403.
            if (status == HttpStatusCode.Redirect)
            {
                (status, _, _) = await session.GetAsync(location!.Split('#')[0]);
            }
            Assert.True(status == HttpStatusCode.OK, $"{email}: {link} ({location}) answered {(int)status}");
        }
    }

    /// <summary>
    /// Entries whose pages only some may open, on every customer's trail: an ERP connection (its managers) and a person
    /// added to the customer's organisation (the supplier's admins).
    /// </summary>
    private static async Task RecordRestrictedEntriesAsync(PortalFactory portal)
    {
        var ct = TestContext.Current.CancellationToken;
        var services = portal.Services;
        var admin = await ScopeOfAsync(portal, "admin@helix.example");
        var partnerships = await services.GetRequiredService<PartnershipStore>().GetVisibleAsync(admin, ct);
        var hash = new PasswordHasher<PortalUser>().HashPassword(new PortalUser(), "Temporary-pass-1");
        foreach (var customer in DemoData.Customers)
        {
            var organisation = await services.GetRequiredService<OrganisationStore>().FindByNameAsync(customer.Name, ct);
            await services.GetRequiredService<UserStore>().CreateAsync(admin,
                new NewUser(organisation!.Id, $"trail-links-{Guid.NewGuid():N}@{customer.Domain}", "Trail Reader", PortalRole.CustomerEngineer), hash, ct);
            var partnershipId = partnerships.Single(p => p.Name == customer.PartnershipName).Id;
            await services.GetRequiredService<ErpClientStore>().CreateAsync(admin, partnershipId, "Trail links", [ErpScopes.Read], cancellationToken: ct);
        }
    }

    private static async Task<CallerScope> ScopeOfAsync(PortalFactory portal, string email)
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await portal.Services.GetRequiredService<UserStore>().FindByNormalizedEmailAsync(UserStore.Normalize(email), ct);
        return (await portal.Services.GetRequiredService<ScopeStore>().ForUserAsync(user!.Id, ct))!;
    }

    [GeneratedRegex("""data-testid="trail-entry">\s*<div[^>]*>\s*<div class="trail-sentence">\s*<a href="([^"]+)">""")]
    private static partial Regex EntryLinks();
}
