using Portal.Data.Database;
using Portal.Data.Organisations;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Organisations;

public sealed class OrganisationStoreTests
{
    [Theory, OnBothDatabases]
    public async Task An_admin_creates_an_organisation_stamped_with_the_clock(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);
        db.Clock.Advance(TimeSpan.FromHours(3));

        var created = await db.Organisations.CreateAsync(admin, "  Gamma Trucks ", OrganisationKind.Customer, Ct);

        Assert.Equal("Gamma Trucks", created.Name);
        Assert.Equal(OrganisationKind.Customer, created.Kind);
        Assert.Equal(TestDatabase.Start.AddHours(3), created.CreatedAt);
        Assert.Equal(created, await db.Organisations.GetAsync(admin, created.Id, Ct));
        Assert.Equal(created, await db.Organisations.FindByNameAsync("GAMMA TRUCKS", Ct));
    }

    [Theory, OnBothDatabases]
    public async Task A_name_that_differs_only_in_case_is_a_duplicate(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);

        await Assert.ThrowsAsync<DuplicateException>(() => db.Organisations.CreateAsync(admin, "alpha MOTORS", OrganisationKind.Customer, Ct));
        await Assert.ThrowsAsync<DuplicateException>(() => db.Organisations.RenameAsync(admin, world.CustomerBOrgId, "Alpha Motors", Ct));
        Assert.Equal(3, (await db.Organisations.ListAsync(admin, Ct)).Count);
    }

    [Theory, OnBothDatabases]
    public async Task Organisations_come_a_page_at_a_time_the_supplier_first_then_by_name(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);
        for (var i = 0; i < OrganisationStore.PageSize; i++)
        {
            await db.Organisations.CreateAsync(admin, $"Zeta {i:00}", OrganisationKind.Customer, Ct);
        }

        var first = await db.Organisations.GetPageAsync(admin, 1, Ct);
        var second = await db.Organisations.GetPageAsync(admin, 2, Ct);

        Assert.Equal((OrganisationStore.PageSize + 3L, 2), (first.Total, first.PageCount));
        Assert.Equal((OrganisationKind.Supplier, OrganisationStore.PageSize), (first.Items[0].Kind, first.Items.Count));
        Assert.Equal(["Zeta 22", "Zeta 23", "Zeta 24"], second.Items.Select(o => o.Name));
        var customerLead = await db.ScopeOfAsync(world.CustomerLeadAId);
        await Assert.ThrowsAsync<ScopeException>(() => db.Organisations.GetPageAsync(customerLead, 1, Ct));
    }

    [Theory, OnBothDatabases]
    public async Task There_is_only_ever_one_supplier(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);

        await Assert.ThrowsAsync<DuplicateException>(() => db.Organisations.CreateAsync(admin, "Rival Components", OrganisationKind.Supplier, Ct));
    }

    [Theory, OnBothDatabases]
    public async Task Only_admins_manage_organisations(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var accountLead = await db.ScopeOfAsync(world.AccountLeadId);
        var customerLead = await db.ScopeOfAsync(world.CustomerLeadAId);

        await Assert.ThrowsAsync<ScopeException>(() => db.Organisations.CreateAsync(accountLead, "Gamma Trucks", OrganisationKind.Customer, Ct));
        await Assert.ThrowsAsync<ScopeException>(() => db.Organisations.ListAsync(customerLead, Ct));
        await Assert.ThrowsAsync<ScopeException>(() => db.Organisations.RenameAsync(customerLead, world.CustomerAOrgId, "Alpha", Ct));
        Assert.Null(await db.Organisations.FindByNameAsync("Gamma Trucks", Ct));
    }

    [Theory, OnBothDatabases]
    public async Task Anyone_but_an_admin_sees_only_their_own_organisation(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var customerLead = await db.ScopeOfAsync(world.CustomerLeadAId);

        Assert.Equal("Alpha Motors", (await db.Organisations.GetAsync(customerLead, world.CustomerAOrgId, Ct))?.Name);
        Assert.Null(await db.Organisations.GetAsync(customerLead, world.CustomerBOrgId, Ct));
        Assert.Null(await db.Organisations.GetAsync(customerLead, world.SupplierOrgId, Ct));
    }

    [Theory, OnBothDatabases]
    public async Task Creating_and_renaming_are_audited(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);
        var created = await db.Organisations.CreateAsync(admin, "Gamma Trucks", OrganisationKind.Customer, Ct);

        await db.Organisations.RenameAsync(admin, created.Id, "Gamma Haulage", Ct);

        var rows = await AuditRows.ForEntityAsync(db, "Organisation", created.Id);
        Assert.Equal(["Created", "Renamed"], rows.Select(r => r.Action));
        Assert.All(rows, r => Assert.Equal("ada.admin", r.ActorName));
        Assert.Contains("Gamma Haulage", rows[1].AfterJson);
        Assert.Contains("Gamma Trucks", rows[1].BeforeJson);
    }
}
