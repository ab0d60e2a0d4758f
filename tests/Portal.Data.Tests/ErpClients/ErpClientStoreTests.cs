using Portal.Data.Database;
using Portal.Data.ErpClients;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.ErpClients;

public sealed class ErpClientStoreTests
{
    [Theory, OnBothDatabases]
    public async Task A_new_client_shows_its_secret_once_and_stores_only_a_hash(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);

        var issued = await db.ErpClients.CreateAsync(admin, world.PartnershipAId, " Alpha SAP ", [ErpScopes.Sync, ErpScopes.Read, ErpScopes.Sync], cancellationToken: Ct);

        Assert.NotNull(issued);
        var stored = await db.ErpClients.FindActiveAsync(issued.Client.ClientId, Ct);
        Assert.NotNull(stored);
        Assert.Equal(("Alpha SAP", world.PartnershipAId, "erp.sync erp.read"), (stored.DisplayName, stored.PartnershipId, stored.Scopes));
        Assert.NotEqual(issued.Secret, stored.SecretHash);
        Assert.True(SecretHasher.Verify(issued.Secret, stored.SecretHash));
        Assert.Equal([issued.Client.ClientId], (await db.ErpClients.ListForPartnershipAsync(admin, world.PartnershipAId, Ct)).Select(c => c.ClientId));
        Assert.DoesNotContain(issued.Secret, Assert.Single(await AuditRows.ForEntityAsync(db, "ErpClient", stored.Id)).AfterJson);
    }

    [Theory, OnBothDatabases]
    public async Task A_client_for_a_partnership_outside_the_scope_is_not_created(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var accountLead = await db.ScopeOfAsync(world.AccountLeadId);

        Assert.Null(await db.ErpClients.CreateAsync(accountLead, world.PartnershipBId, "Beta SAP", [ErpScopes.Sync], "beta-sap", cancellationToken: Ct));
        Assert.Null(await db.ErpClients.FindActiveAsync("beta-sap", Ct));
        Assert.Empty(await db.ErpClients.ListForPartnershipAsync(accountLead, world.PartnershipBId, Ct));
    }

    [Theory, OnBothDatabases]
    public async Task Engineers_cannot_issue_erp_credentials_even_for_their_own_partnership(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var customerEngineer = await db.ScopeOfAsync(world.CustomerEngineerAId);
        var customerLead = await db.ScopeOfAsync(world.CustomerLeadAId);

        await Assert.ThrowsAsync<ScopeException>(() => db.ErpClients.CreateAsync(customerEngineer, world.PartnershipAId, "Shadow SAP", [ErpScopes.Sync], "shadow-sap", cancellationToken: Ct));
        Assert.Null(await db.ErpClients.FindActiveAsync("shadow-sap", Ct));
        Assert.NotNull(await db.ErpClients.CreateAsync(customerLead, world.PartnershipAId, "Alpha SAP", [ErpScopes.Sync], "alpha-sap", cancellationToken: Ct));
    }

    [Theory, OnBothDatabases]
    public async Task Names_scopes_and_client_ids_are_checked(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);
        await db.ErpClients.CreateAsync(admin, world.PartnershipAId, "Alpha SAP", [ErpScopes.Sync], "alpha-sap", cancellationToken: Ct);

        var invalid = await Assert.ThrowsAsync<ValidationException>(() => db.ErpClients.CreateAsync(admin, world.PartnershipAId, "", ["erp.admin"], cancellationToken: Ct));
        await Assert.ThrowsAsync<DuplicateException>(() => db.ErpClients.CreateAsync(admin, world.PartnershipBId, "Beta SAP", [ErpScopes.Read], "alpha-sap", cancellationToken: Ct));

        Assert.Equal(["DisplayName", "Scopes"], invalid.Errors.Keys.Order(StringComparer.Ordinal));
    }
}
