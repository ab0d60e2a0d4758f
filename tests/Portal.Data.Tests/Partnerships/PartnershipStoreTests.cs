using Portal.Data.Database;
using Portal.Data.Organisations;
using Portal.Data.Partnerships;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Partnerships;

public sealed class PartnershipStoreTests
{
    [Theory, OnBothDatabases]
    public async Task Creating_a_partnership_names_both_sides_and_makes_the_supplier_lead_a_member(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);
        var gamma = await db.Organisations.CreateAsync(admin, "Gamma Trucks", OrganisationKind.Customer, Ct);

        var created = await db.Partnerships.CreateAsync(admin, new PartnershipInput(" Gamma programme ", gamma.Id, "gbp", world.UnassignedEngineerId, null), Ct);

        Assert.Equal("Gamma programme", created.Name);
        Assert.Equal("GBP", created.Currency);
        Assert.Equal("Gamma Trucks", created.CustomerName);
        Assert.Equal("Acme Components", created.SupplierName);
        Assert.Equal(world.SupplierOrgId, created.SupplierOrgId);
        Assert.Equal("ed.engineer", created.SupplierLeadName);
        Assert.Null(created.CustomerLeadUserId);
        Assert.Equal(TestDatabase.Start, created.CreatedAt);
        Assert.Equal([world.UnassignedEngineerId], (await db.Partnerships.GetSupplierMembersAsync(admin.Seeing(created.Id), created.Id, Ct)).Select(m => m.UserId));
        Assert.Equal([created.Id], (await db.ScopeOfAsync(world.UnassignedEngineerId)).PartnershipIds);
        Assert.Equal(["Created"], (await AuditRows.ForEntityAsync(db, "Partnership", created.Id)).Select(r => r.Action));
    }

    [Theory, OnBothDatabases]
    public async Task A_customer_has_at_most_one_partnership(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);

        await Assert.ThrowsAsync<DuplicateException>(() =>
            db.Partnerships.CreateAsync(admin, new PartnershipInput("Second Alpha", world.CustomerAOrgId, "EUR", null, null), Ct));
    }

    [Theory, OnBothDatabases]
    public async Task Invalid_input_is_refused_field_by_field(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);

        var error = await Assert.ThrowsAsync<ValidationException>(() => db.Partnerships.CreateAsync(admin,
            new PartnershipInput(" ", world.SupplierOrgId, "EURO", world.CustomerLeadAId, world.CustomerLeadBId), Ct));

        Assert.Equal(["Currency", "CustomerLeadUserId", "CustomerOrgId", "Name", "SupplierLeadUserId"], error.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory, OnBothDatabases]
    public async Task The_customer_lead_must_belong_to_that_customer(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);

        var error = await Assert.ThrowsAsync<ValidationException>(() => db.Partnerships.UpdateAsync(admin, world.PartnershipAId,
            new PartnershipInput("Alpha programme", world.CustomerAOrgId, "EUR", world.AccountLeadId, world.CustomerLeadBId), Ct));

        Assert.Equal(["CustomerLeadUserId"], error.Errors.Keys);
    }

    [Theory, OnBothDatabases]
    public async Task Only_admins_create_or_change_partnerships(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var accountLead = await db.ScopeOfAsync(world.AccountLeadId);
        var input = new PartnershipInput("Alpha renamed", world.CustomerAOrgId, "EUR", null, null);

        await Assert.ThrowsAsync<ScopeException>(() => db.Partnerships.UpdateAsync(accountLead, world.PartnershipAId, input, Ct));
        await Assert.ThrowsAsync<ScopeException>(() => db.Partnerships.CreateAsync(accountLead, input, Ct));
        await Assert.ThrowsAsync<ScopeException>(() => db.Partnerships.AssignMemberAsync(accountLead, world.PartnershipAId, world.UnassignedEngineerId, Ct));
    }

    [Theory, OnBothDatabases]
    public async Task Updating_changes_the_fields_keeps_the_customer_and_audits_before_and_after(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);

        var updated = await db.Partnerships.UpdateAsync(admin, world.PartnershipBId,
            new PartnershipInput("Beta 2027", world.CustomerAOrgId, "chf", world.UnassignedEngineerId, world.CustomerEngineerBId), Ct);

        Assert.NotNull(updated);
        Assert.Equal("Beta 2027", updated.Name);
        Assert.Equal("CHF", updated.Currency);
        Assert.Equal(world.CustomerBOrgId, updated.CustomerOrgId);
        Assert.Equal("bert.engineer", updated.CustomerLeadName);
        Assert.Equal([world.PartnershipBId], (await db.ScopeOfAsync(world.UnassignedEngineerId)).PartnershipIds);
        var audit = Assert.Single(await AuditRows.ForEntityAsync(db, "Partnership", world.PartnershipBId), r => r.Action == "Updated");
        Assert.Equal(world.PartnershipBId, audit.PartnershipId);
        Assert.Contains("Beta programme", audit.BeforeJson);
        Assert.Contains("Beta 2027", audit.AfterJson);
    }

    [Theory, OnBothDatabases]
    public async Task A_partnership_outside_the_scope_is_not_found(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var customerA = await db.ScopeOfAsync(world.CustomerEngineerAId);
        var accountLead = await db.ScopeOfAsync(world.AccountLeadId);
        var adminWithAOnly = (await db.ScopeOfAsync(world.AdminId)).Seeing(world.PartnershipAId);

        Assert.NotNull(await db.Partnerships.GetAsync(customerA, world.PartnershipAId, Ct));
        Assert.Null(await db.Partnerships.GetAsync(customerA, world.PartnershipBId, Ct));
        Assert.Null(await db.Partnerships.GetAsync(accountLead, world.PartnershipBId, Ct));
        Assert.Null(await db.Partnerships.UpdateAsync(adminWithAOnly, world.PartnershipBId, new PartnershipInput("Taken over", world.CustomerBOrgId, "EUR", null, null), Ct));
        Assert.Equal("Beta programme", (await db.Partnerships.GetAsync(await db.ScopeOfAsync(world.AdminId), world.PartnershipBId, Ct))?.Name);
        Assert.Empty(await db.Partnerships.GetSupplierMembersAsync(customerA.Seeing(world.PartnershipBId), world.PartnershipAId, Ct));
    }

    [Theory, OnBothDatabases]
    public async Task The_visible_list_follows_the_scope(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);

        Assert.Equal(["Alpha programme", "Beta programme"], (await db.Partnerships.GetVisibleAsync(await db.ScopeOfAsync(world.AdminId), Ct)).Select(p => p.Name));
        Assert.Equal(["Beta programme"], (await db.Partnerships.GetVisibleAsync(await db.ScopeOfAsync(world.CustomerLeadBId), Ct)).Select(p => p.Name));
        Assert.Empty(await db.Partnerships.GetVisibleAsync(await db.ScopeOfAsync(world.UnassignedEngineerId), Ct));
    }

    [Theory, OnBothDatabases]
    public async Task Visible_partnerships_come_a_page_at_a_time_by_name(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);
        for (var i = 0; i < PartnershipStore.PageSize; i++)
        {
            var customer = await db.Organisations.CreateAsync(admin, $"Customer {i:00}", OrganisationKind.Customer, Ct);
            await db.Partnerships.CreateAsync(admin, new PartnershipInput($"Programme {i:00}", customer.Id, "EUR", null, null), Ct);
        }
        admin = await db.ScopeOfAsync(world.AdminId);

        var first = await db.Partnerships.GetVisiblePageAsync(admin, 1, Ct);
        var second = await db.Partnerships.GetVisiblePageAsync(admin, 2, Ct);

        Assert.Equal((PartnershipStore.PageSize + 2L, 2), (first.Total, first.PageCount));
        Assert.Equal(["Alpha programme", "Beta programme", "Programme 00"], first.Items.Take(3).Select(p => p.Name));
        Assert.Equal(PartnershipStore.PageSize, first.Items.Count);
        Assert.Equal(["Programme 22", "Programme 23"], second.Items.Select(p => p.Name));
        var beta = await db.Partnerships.GetVisiblePageAsync(await db.ScopeOfAsync(world.CustomerLeadBId), 1, Ct);
        Assert.Equal((1L, "Beta programme"), (beta.Total, Assert.Single(beta.Items).Name));
    }

    [Theory, OnBothDatabases]
    public async Task The_supplier_lead_cannot_be_unassigned_but_other_members_can(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);
        await db.Partnerships.AssignMemberAsync(admin, world.PartnershipAId, world.UnassignedEngineerId, Ct);

        Assert.False(await db.Partnerships.UnassignMemberAsync(admin, world.PartnershipAId, world.AccountLeadId, Ct));
        Assert.True(await db.Partnerships.UnassignMemberAsync(admin, world.PartnershipAId, world.UnassignedEngineerId, Ct));
        Assert.Equal([world.AccountLeadId], (await db.Partnerships.GetSupplierMembersAsync(admin, world.PartnershipAId, Ct)).Select(m => m.UserId));
    }

    [Theory, OnBothDatabases]
    public async Task Only_supplier_staff_can_be_assigned(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);

        Assert.False(await db.Partnerships.AssignMemberAsync(admin, world.PartnershipAId, world.CustomerEngineerBId, Ct));
        Assert.Equal([world.PartnershipBId], (await db.ScopeOfAsync(world.CustomerEngineerBId)).PartnershipIds);
    }
}
