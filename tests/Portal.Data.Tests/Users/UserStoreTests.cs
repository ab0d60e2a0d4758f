using Portal.Data.Database;
using Portal.Data.Tests.Infrastructure;
using Portal.Data.Users;

namespace Portal.Data.Tests.Users;

public sealed class UserStoreTests
{
    [Theory, OnBothDatabases]
    public async Task An_admin_adds_people_to_any_company_in_a_role_of_its_side(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);

        var finance = await db.Users.CreateAsync(admin, new NewUser(world.SupplierOrgId, " fay@acme.test ", " Fay ", PortalRole.Finance), "hash", Ct);
        var customer = await db.Users.CreateAsync(admin, new NewUser(world.CustomerBOrgId, "bo@beta.test", "Bo", PortalRole.CustomerEngineer), null, Ct);

        Assert.Equal(("fay@acme.test", "FAY@ACME.TEST", "Fay", PortalRole.Finance, "Acme Components"),
            (finance.Email, finance.NormalizedEmail, finance.DisplayName, finance.Role, finance.OrganisationName));
        Assert.True(finance.IsSupplierStaff);
        Assert.True(finance.IsActive);
        Assert.Equal("hash", finance.PasswordHash);
        Assert.Null(customer.PasswordHash);
        Assert.Equal(TestDatabase.Start, customer.CreatedAt);
        Assert.Equal(customer.Id, (await db.Users.FindByNormalizedEmailAsync(UserStore.Normalize("BO@beta.test"), Ct))?.Id);
        var audit = Assert.Single(await AuditRows.ForEntityAsync(db, "User", customer.Id));
        Assert.Equal(world.PartnershipBId, audit.PartnershipId);
    }

    [Theory, OnBothDatabases]
    public async Task A_role_of_the_other_side_is_refused(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);

        var customerInSupplier = await Assert.ThrowsAsync<ValidationException>(() =>
            db.Users.CreateAsync(admin, new NewUser(world.SupplierOrgId, "x@acme.test", "X", PortalRole.CustomerLead), null, Ct));
        var adminInCustomer = await Assert.ThrowsAsync<ValidationException>(() =>
            db.Users.CreateAsync(admin, new NewUser(world.CustomerAOrgId, "x@alpha.test", "X", PortalRole.Admin), null, Ct));

        Assert.Equal(["Role"], customerInSupplier.Errors.Keys);
        Assert.Equal(["Role"], adminInCustomer.Errors.Keys);
    }

    [Theory, OnBothDatabases]
    public async Task A_customer_lead_adds_only_customer_roles_to_their_own_company(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var leadA = await db.ScopeOfAsync(world.CustomerLeadAId);

        var added = await db.Users.CreateAsync(leadA, new NewUser(world.CustomerAOrgId, "amy@alpha.test", "Amy", PortalRole.CustomerLead), null, Ct);
        var otherCompany = await Assert.ThrowsAsync<ValidationException>(() =>
            db.Users.CreateAsync(leadA, new NewUser(world.CustomerBOrgId, "spy@beta.test", "Spy", PortalRole.CustomerEngineer), null, Ct));
        var supplier = await Assert.ThrowsAsync<ValidationException>(() =>
            db.Users.CreateAsync(leadA, new NewUser(world.SupplierOrgId, "spy@acme.test", "Spy", PortalRole.Engineer), null, Ct));
        var supplierRole = await Assert.ThrowsAsync<ValidationException>(() =>
            db.Users.CreateAsync(leadA, new NewUser(world.CustomerAOrgId, "boss@alpha.test", "Boss", PortalRole.Admin), null, Ct));

        Assert.Equal(world.CustomerAOrgId, added.OrganisationId);
        Assert.Equal(["OrganisationId"], otherCompany.Errors.Keys);
        Assert.Equal(["OrganisationId"], supplier.Errors.Keys);
        Assert.Equal(["Role"], supplierRole.Errors.Keys);
        Assert.Null(await db.Users.FindByNormalizedEmailAsync("SPY@BETA.TEST", Ct));
    }

    [Theory, OnBothDatabases]
    public async Task Only_admins_and_customer_leads_manage_people(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var accountLead = await db.ScopeOfAsync(world.AccountLeadId);
        var engineerA = await db.ScopeOfAsync(world.CustomerEngineerAId);

        await Assert.ThrowsAsync<ScopeException>(() =>
            db.Users.CreateAsync(accountLead, new NewUser(world.CustomerAOrgId, "x@alpha.test", "X", PortalRole.CustomerEngineer), null, Ct));
        await Assert.ThrowsAsync<ScopeException>(() => db.Users.SetActiveAsync(engineerA, world.CustomerLeadAId, false, Ct));
        await Assert.ThrowsAsync<ScopeException>(() => db.Users.ListManageableAsync(engineerA, null, Ct));
    }

    [Theory, OnBothDatabases]
    public async Task An_email_is_taken_whatever_its_case(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);

        await Assert.ThrowsAsync<DuplicateException>(() =>
            db.Users.CreateAsync(admin, new NewUser(world.CustomerBOrgId, "Alice.Lead@Alpha.test", "Alice again", PortalRole.CustomerEngineer), null, Ct));
    }

    [Theory, OnBothDatabases]
    public async Task A_bad_email_or_name_is_refused_field_by_field(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);

        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            db.Users.CreateAsync(admin, new NewUser(world.CustomerAOrgId, "Someone <someone@alpha.test>", " ", PortalRole.CustomerEngineer), null, Ct));

        Assert.Equal(["DisplayName", "Email"], error.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory, OnBothDatabases]
    public async Task An_admin_deactivates_and_reactivates_a_person_and_the_sign_in_stamp_changes(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);
        var before = (await db.Users.FindByIdAsync(world.CustomerEngineerBId, Ct))!;

        var deactivated = await db.Users.SetActiveAsync(admin, world.CustomerEngineerBId, active: false, Ct);
        var reactivated = await db.Users.SetActiveAsync(admin, world.CustomerEngineerBId, active: true, Ct);

        Assert.False(deactivated?.IsActive);
        Assert.NotEqual(before.SecurityStamp, deactivated?.SecurityStamp);
        Assert.True(reactivated?.IsActive);
        Assert.Equal(["Created", "Deactivated", "Reactivated"], (await AuditRows.ForEntityAsync(db, "User", world.CustomerEngineerBId)).Select(r => r.Action));
    }

    [Theory, OnBothDatabases]
    public async Task Nobody_changes_their_own_account_here(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);
        var leadA = await db.ScopeOfAsync(world.CustomerLeadAId);

        var deactivateSelf = await Assert.ThrowsAsync<ValidationException>(() => db.Users.SetActiveAsync(admin, world.AdminId, false, Ct));
        var demoteSelf = await Assert.ThrowsAsync<ValidationException>(() => db.Users.ChangeRoleAsync(leadA, world.CustomerLeadAId, PortalRole.CustomerEngineer, Ct));

        Assert.Equal(["UserId"], deactivateSelf.Errors.Keys);
        Assert.Equal(["UserId"], demoteSelf.Errors.Keys);
        Assert.True((await db.Users.FindByIdAsync(world.AdminId, Ct))?.IsActive);
        Assert.Equal(PortalRole.CustomerLead, (await db.Users.FindByIdAsync(world.CustomerLeadAId, Ct))?.Role);
    }

    [Theory, OnBothDatabases]
    public async Task A_customer_lead_manages_their_own_company_only(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var leadA = await db.ScopeOfAsync(world.CustomerLeadAId);

        var promoted = await db.Users.ChangeRoleAsync(leadA, world.CustomerEngineerAId, PortalRole.CustomerLead, Ct);

        Assert.Equal(PortalRole.CustomerLead, promoted?.Role);
        Assert.Null(await db.Users.ChangeRoleAsync(leadA, world.CustomerEngineerBId, PortalRole.CustomerLead, Ct));
        Assert.Null(await db.Users.SetActiveAsync(leadA, world.CustomerLeadBId, false, Ct));
        Assert.Null(await db.Users.SetActiveAsync(leadA, world.AdminId, false, Ct));
        Assert.True((await db.Users.FindByIdAsync(world.CustomerLeadBId, Ct))?.IsActive);
        Assert.Equal(PortalRole.CustomerEngineer, (await db.Users.FindByIdAsync(world.CustomerEngineerBId, Ct))?.Role);
        Assert.Equal(["alice.lead", "arno.engineer"], (await db.Users.ListManageableAsync(leadA, world.CustomerBOrgId, Ct)).Select(u => u.DisplayName));
    }

    [Theory, OnBothDatabases]
    public async Task One_person_is_found_for_whoever_may_manage_them_and_for_nobody_else(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var (admin, leadA, engineerA) = (await db.ScopeOfAsync(world.AdminId), await db.ScopeOfAsync(world.CustomerLeadAId), await db.ScopeOfAsync(world.CustomerEngineerAId));

        Assert.Equal(world.CustomerEngineerAId, (await db.Users.GetManageableAsync(leadA, world.CustomerEngineerAId, Ct))?.Id);
        Assert.Null(await db.Users.GetManageableAsync(leadA, world.CustomerEngineerBId, Ct));
        Assert.Null(await db.Users.GetManageableAsync(leadA, world.AdminId, Ct));
        Assert.Equal(world.CustomerEngineerBId, (await db.Users.GetManageableAsync(admin, world.CustomerEngineerBId, Ct))?.Id);
        Assert.Null(await db.Users.GetManageableAsync(admin, -1, Ct));
        await Assert.ThrowsAsync<ScopeException>(() => db.Users.GetManageableAsync(engineerA, world.CustomerEngineerAId, Ct));
    }

    [Theory, OnBothDatabases]
    public async Task The_people_list_pages_and_searches_and_a_customer_lead_still_sees_only_their_company(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var (admin, leadA) = (await db.ScopeOfAsync(world.AdminId), await db.ScopeOfAsync(world.CustomerLeadAId));
        var everyone = await db.Users.ListManageableAsync(admin, null, Ct);

        var pages = new List<PortalUser>();
        for (var n = 1; n <= everyone.Count; n++) pages.AddRange((await db.Users.SearchManageableAsync(admin, null, null, n, pageSize: 1, Ct)).Items);
        var found = await db.Users.SearchManageableAsync(admin, null, "  ARNO ", 1, cancellationToken: Ct);
        var leadSees = await db.Users.SearchManageableAsync(leadA, world.CustomerBOrgId, null, 1, cancellationToken: Ct);
        var leadSearchesB = await db.Users.SearchManageableAsync(leadA, null, "arno", 1, cancellationToken: Ct);

        Assert.Equal(everyone.Select(u => u.Id), pages.Select(u => u.Id));
        Assert.Equal((1L, "arno.engineer"), (found.Total, found.Items.Single().DisplayName));
        Assert.Equal(["alice.lead", "arno.engineer"], leadSees.Items.Select(u => u.DisplayName));
        Assert.Equal("arno.engineer", leadSearchesB.Items.Single().DisplayName);
        Assert.All(leadSees.Items.Concat(leadSearchesB.Items), u => Assert.Equal(world.CustomerAOrgId, u.OrganisationId));
        await Assert.ThrowsAsync<ScopeException>(async () => await db.Users.SearchManageableAsync(await db.ScopeOfAsync(world.CustomerEngineerAId), null, null, 1, cancellationToken: Ct));
    }

    [Theory, OnBothDatabases]
    public async Task A_role_change_stays_on_the_person_s_side(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);
        var leadA = await db.ScopeOfAsync(world.CustomerLeadAId);

        var toSupplierRole = await Assert.ThrowsAsync<ValidationException>(() => db.Users.ChangeRoleAsync(leadA, world.CustomerEngineerAId, PortalRole.Engineer, Ct));
        var toCustomerRole = await Assert.ThrowsAsync<ValidationException>(() => db.Users.ChangeRoleAsync(admin, world.AccountLeadId, PortalRole.CustomerLead, Ct));

        Assert.Equal(["Role"], toSupplierRole.Errors.Keys);
        Assert.Equal(["Role"], toCustomerRole.Errors.Keys);
        Assert.Equal(PortalRole.QualityEngineer, (await db.Users.ChangeRoleAsync(admin, world.AccountLeadId, PortalRole.QualityEngineer, Ct))?.Role);
    }

    [Theory, OnBothDatabases]
    public async Task A_totp_step_is_accepted_once_and_never_an_older_one(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);

        Assert.True(await db.Users.TryUseTotpStepAsync(world.AdminId, 59_000_100, Ct));
        Assert.False(await db.Users.TryUseTotpStepAsync(world.AdminId, 59_000_100, Ct));
        Assert.False(await db.Users.TryUseTotpStepAsync(world.AdminId, 59_000_099, Ct));
        Assert.True(await db.Users.TryUseTotpStepAsync(world.AdminId, 59_000_101, Ct));
        Assert.True(await db.Users.TryUseTotpStepAsync(world.AccountLeadId, 59_000_100, Ct));
        Assert.Equal(59_000_101, (await db.Users.FindByIdAsync(world.AdminId, Ct))?.LastTotpStep);
    }

    [Theory, OnBothDatabases]
    public async Task Sign_in_state_is_saved_only_over_the_version_it_was_read_from(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var user = (await db.Users.FindByIdAsync(world.CustomerLeadAId, Ct))!;
        var readStamp = user.ConcurrencyStamp;
        user.AccessFailedCount = 3;
        user.LockoutEnd = new DateTimeOffset(2026, 3, 2, 11, 15, 0, TimeSpan.FromHours(1));
        user.ConcurrencyStamp = "second";

        Assert.True(await db.Users.SaveSignInStateAsync(user, readStamp, Ct));
        user.ConcurrencyStamp = "third";
        Assert.False(await db.Users.SaveSignInStateAsync(user, readStamp, Ct));

        var saved = (await db.Users.FindByIdAsync(world.CustomerLeadAId, Ct))!;
        Assert.Equal(("second", 3), (saved.ConcurrencyStamp, saved.AccessFailedCount));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 10, 15, 0, TimeSpan.Zero), saved.LockoutEnd);
        Assert.Equal(TimeSpan.Zero, saved.LockoutEnd?.Offset);
    }

    [Theory, OnBothDatabases]
    public async Task The_likely_next_id_is_the_one_the_next_person_gets(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);

        var likely = await db.Users.LikelyNextIdAsync(Ct);
        var added = await db.Users.CreateAsync(admin, new NewUser(world.CustomerAOrgId, "next@alpha.test", "Next", PortalRole.CustomerEngineer), null, Ct);

        Assert.Equal(likely, added.Id);
    }
}
