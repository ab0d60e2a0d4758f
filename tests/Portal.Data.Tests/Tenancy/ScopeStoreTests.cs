using Dapper;
using Portal.Data.Database;
using Portal.Data.ErpClients;
using Portal.Data.Tenancy;
using Portal.Data.Tests.Infrastructure;
using Portal.Data.Users;

namespace Portal.Data.Tests.Tenancy;

public sealed class ScopeStoreTests
{
    [Theory, OnBothDatabases]
    public async Task An_admin_sees_every_partnership(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);

        var scope = await db.ScopeOfAsync(world.AdminId);

        Assert.Equal([world.PartnershipAId, world.PartnershipBId], scope.PartnershipIds);
        Assert.True(scope.IsAdmin);
        Assert.True(scope.IsSupplier);
        Assert.Equal(PortalRole.Admin, scope.Role);
        Assert.Equal(ActorKind.User, scope.Kind);
    }

    [Theory, OnBothDatabases]
    public async Task Supplier_staff_see_only_the_partnerships_they_are_assigned_to(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);

        var accountLead = await db.ScopeOfAsync(world.AccountLeadId);
        var unassigned = await db.ScopeOfAsync(world.UnassignedEngineerId);

        Assert.Equal([world.PartnershipAId], accountLead.PartnershipIds);
        Assert.False(accountLead.IsAdmin);
        Assert.True(accountLead.IsSupplier);
        Assert.Empty(unassigned.PartnershipIds);
    }

    [Theory, OnBothDatabases]
    public async Task An_assignment_takes_effect_at_the_next_resolution(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);

        Assert.True(await db.Partnerships.AssignMemberAsync(admin, world.PartnershipBId, world.UnassignedEngineerId, Ct));

        Assert.Equal([world.PartnershipBId], (await db.ScopeOfAsync(world.UnassignedEngineerId)).PartnershipIds);
    }

    [Theory, OnBothDatabases]
    public async Task A_customer_user_sees_only_their_own_company_partnership(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);

        var engineerA = await db.ScopeOfAsync(world.CustomerEngineerAId);
        var leadB = await db.ScopeOfAsync(world.CustomerLeadBId);

        Assert.Equal([world.PartnershipAId], engineerA.PartnershipIds);
        Assert.Equal(world.CustomerAOrgId, engineerA.OrganisationId);
        Assert.False(engineerA.IsSupplier);
        Assert.Equal([world.PartnershipBId], leadB.PartnershipIds);
    }

    [Theory, OnBothDatabases]
    public async Task A_deactivated_or_unknown_user_has_no_scope(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);

        await db.Users.SetActiveAsync(admin, world.CustomerEngineerAId, active: false, Ct);

        Assert.Null(await db.Scopes.ForUserAsync(world.CustomerEngineerAId, Ct));
        Assert.Null(await db.Scopes.ForUserAsync(999_999, Ct));
    }

    [Theory, OnBothDatabases]
    public async Task An_erp_client_sees_the_one_partnership_it_is_bound_to(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);
        var issued = (await db.ErpClients.CreateAsync(admin, world.PartnershipAId, "Alpha SAP", [ErpScopes.Sync], cancellationToken: Ct))!;

        var scope = await db.Scopes.ForErpClientAsync(issued.Client.ClientId, Ct);

        Assert.NotNull(scope);
        Assert.Equal(ActorKind.ErpClient, scope.Kind);
        Assert.Equal([world.PartnershipAId], scope.PartnershipIds);
        Assert.Equal(world.CustomerAOrgId, scope.OrganisationId);
        Assert.False(scope.IsSupplier);
        Assert.Null(await db.Scopes.ForErpClientAsync("no-such-client", Ct));
    }

    [Theory, OnBothDatabases]
    public async Task A_revoked_erp_client_has_no_scope(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);
        var issued = (await db.ErpClients.CreateAsync(admin, world.PartnershipAId, "Alpha SAP", [ErpScopes.Sync], cancellationToken: Ct))!;

        await using (var connection = await db.Database.OpenAsync(Ct))
        {
            await connection.ExecuteAsync("UPDATE erp_clients SET revoked_at = @now WHERE id = @Id", new { now = db.Clock.GetUtcNow(), issued.Client.Id });
        }

        Assert.Null(await db.Scopes.ForErpClientAsync(issued.Client.ClientId, Ct));
    }

    [Theory, OnBothDatabases]
    public async Task A_token_keeps_its_scope_only_while_the_secret_it_was_issued_to_is_accepted(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);
        var p = world.PartnershipAId;
        var issued = (await db.ErpClients.CreateAsync(admin, p, "Alpha SAP", [ErpScopes.Sync], "alpha-sap", cancellationToken: Ct))!;
        Task<CallerScope?> TokenOf(long generation) => db.Scopes.ForErpTokenAsync("alpha-sap", generation, Ct);

        Assert.Equal(1, issued.Client.SecretGeneration);
        Assert.Equal([p], (await TokenOf(1))!.PartnershipIds);
        Assert.Null(await TokenOf(2));

        await db.ErpClients.RotateSecretAsync(admin, p, "alpha-sap", TimeSpan.FromHours(1), Ct);
        Assert.NotNull(await TokenOf(1));
        Assert.NotNull(await TokenOf(2));

        db.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Null(await TokenOf(1));
        Assert.NotNull(await TokenOf(2));

        await db.ErpClients.RotateSecretAsync(admin, p, "alpha-sap", TimeSpan.Zero, Ct);
        Assert.Null(await TokenOf(2));
        Assert.NotNull(await TokenOf(3));

        await db.ErpClients.RevokeAsync(admin, p, "alpha-sap", Ct);
        Assert.Null(await TokenOf(3));
    }
}
