using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Database;
using Portal.Data.Organisations;
using Portal.Data.Tenancy;
using Portal.Data.Users;
using Portal.Web.Seed;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Pages;

public sealed class PeopleManagementTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task A_person_deactivated_by_their_lead_is_signed_out_at_their_next_request(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var person = await AddNordlabEngineerAsync(portal);
        using var session = await WebSession.SignInAsync(portal, person.Email, "Temporary-pass-1");
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/notifications")).Status);

        using var lead = await WebSession.SignInAsync(portal, "leo.lead@nordlab.example");
        var (deactivated, _, _) = await lead.PostAsync($"/team?handler=Deactivate&userId={person.Id}", []);
        Assert.Equal(HttpStatusCode.Redirect, deactivated);

        var (status, _, location) = await session.GetAsync("/notifications");
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Equal("/account/login", location);
        Assert.False((await portal.Services.GetRequiredService<UserStore>().FindByIdAsync(person.Id, TestContext.Current.CancellationToken))!.IsActive);
    }

    [Theory, OnBothDatabases]
    public async Task The_admin_people_page_searches_and_pages_keeping_the_filters(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        using var admin = await WebSession.SignInAsync(portal, "admin@helix.example");

        var (_, found, _) = await admin.GetAsync("/admin/users?Search=lara");
        var (_, none, _) = await admin.GetAsync("/admin/users?Search=nobody-called-this");
        var (status, beyond, _) = await admin.GetAsync("/admin/users?Search=example&pageNumber=99");

        Assert.Contains("lara.lead@arcadia.example", found);
        Assert.DoesNotContain("leo.lead@nordlab.example", found);
        Assert.Contains("Nobody matches this search.", none);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("data-testid=\"people-table\"", beyond);
    }

    [Theory, OnBothDatabases]
    public async Task A_customer_lead_cannot_deactivate_themselves(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var lead = await portal.Services.GetRequiredService<UserStore>().FindByNormalizedEmailAsync("LARA.LEAD@ARCADIA.EXAMPLE", TestContext.Current.CancellationToken);
        using var session = await WebSession.SignInAsync(portal, "lara.lead@arcadia.example");

        await session.PostAsync($"/team?handler=Deactivate&userId={lead!.Id}", []);

        Assert.True((await portal.Services.GetRequiredService<UserStore>().FindByIdAsync(lead.Id, TestContext.Current.CancellationToken))!.IsActive);
    }

    [Theory, OnBothDatabases]
    public async Task The_admin_people_page_rejects_a_role_from_the_other_side(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var person = await AddNordlabEngineerAsync(portal);
        using var admin = await WebSession.SignInAsync(portal, "admin@helix.example");

        var (status, body, _) = await admin.PostAsync($"/admin/users/{person.Id}?handler=Role", new() { ["Role"] = nameof(PortalRole.Finance) });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("That role belongs to the other side of the partnership.", body);
        Assert.Equal(PortalRole.CustomerEngineer, (await portal.Services.GetRequiredService<UserStore>().FindByIdAsync(person.Id, TestContext.Current.CancellationToken))!.Role);
    }

    // A person of the test's own, so that deactivating or changing them never disturbs another test on the shared portal.
    private static async Task<PortalUser> AddNordlabEngineerAsync(PortalFactory portal)
    {
        var services = portal.Services;
        var nordlab = await services.GetRequiredService<OrganisationStore>().FindByNameAsync(DemoData.Nordlab.Name, TestContext.Current.CancellationToken);
        var admin = new CallerScope { Kind = ActorKind.System, ActorName = "test", IsAdmin = true, PartnershipIds = [] };
        var hash = new PasswordHasher<PortalUser>().HashPassword(new PortalUser(), "Temporary-pass-1");
        return await services.GetRequiredService<UserStore>().CreateAsync(admin,
            new NewUser(nordlab!.Id, $"temp-{Guid.NewGuid():N}@nordlab.example", "Temporary Engineer", PortalRole.CustomerEngineer), hash, TestContext.Current.CancellationToken);
    }
}
