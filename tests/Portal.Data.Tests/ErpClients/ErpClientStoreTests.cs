using Dapper;
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
    public async Task The_list_shows_active_connections_first_and_stops_at_its_cap(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);
        var p = world.PartnershipAId;
        var revoked = (await db.ErpClients.CreateAsync(admin, p, "Old SAP", [ErpScopes.Sync], "old-sap", cancellationToken: Ct))!;
        await db.ErpClients.RevokeAsync(admin, p, revoked.Client.ClientId, Ct);
        db.Clock.Advance(TimeSpan.FromMinutes(1));
        var active = (await db.ErpClients.CreateAsync(admin, p, "New SAP", [ErpScopes.Sync], "new-sap", cancellationToken: Ct))!;

        Assert.Equal(["new-sap", "old-sap"], (await db.ErpClients.ListForPartnershipAsync(admin, p, Ct)).Select(c => c.ClientId));

        // Years of connections made by hand: more revoked copies of the old one than the list shows.
        await using (var connection = await db.Database.OpenAsync(Ct))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                WITH RECURSIVE copies(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM copies WHERE n < 60)
                INSERT INTO erp_clients (client_id, partnership_id, display_name, secret_hash, scopes, created_at, revoked_at)
                SELECT c.client_id || '-' || copies.n, c.partnership_id, c.display_name, c.secret_hash, c.scopes, c.created_at, c.revoked_at
                FROM erp_clients c CROSS JOIN copies WHERE c.id = @Id
                """, new { revoked.Client.Id }, cancellationToken: Ct));
        }
        var capped = await db.ErpClients.ListForPartnershipAsync(admin, p, Ct);

        Assert.Equal(ErpClientStore.ConnectionsShown, capped.Count);
        Assert.Equal(active.Client.ClientId, capped[0].ClientId);
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

    [Theory, OnBothDatabases]
    public async Task A_rotated_secret_leaves_the_old_one_valid_for_the_grace_period_only(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var accountLead = await db.ScopeOfAsync(world.AccountLeadId);
        var issued = await db.ErpClients.CreateAsync(accountLead, world.PartnershipAId, "Alpha SAP", [ErpScopes.Sync], "alpha-sap", cancellationToken: Ct);

        var rotated = await db.ErpClients.RotateSecretAsync(accountLead, world.PartnershipAId, "alpha-sap", TimeSpan.FromHours(1), Ct);

        Assert.NotNull(rotated);
        Assert.NotEqual(issued!.Secret, rotated.Secret);
        Assert.Equal(TestDatabase.Start + TimeSpan.FromHours(1), rotated.Client.PreviousSecretExpiresAt);
        Assert.Equal(TestDatabase.Start, rotated.Client.SecretRotatedAt);
        Assert.Equal(2, (await db.ErpClients.AuthenticateAsync("alpha-sap", rotated.Secret, Ct))!.SecretGeneration);
        Assert.Equal(1, (await db.ErpClients.AuthenticateAsync("alpha-sap", issued.Secret, Ct))!.SecretGeneration);
        Assert.Null(await db.ErpClients.AuthenticateAsync("alpha-sap", "guessed", Ct));

        db.Clock.Advance(TimeSpan.FromHours(1));

        Assert.Null(await db.ErpClients.AuthenticateAsync("alpha-sap", issued.Secret, Ct));
        Assert.NotNull(await db.ErpClients.AuthenticateAsync("alpha-sap", rotated.Secret, Ct));
    }

    [Theory, OnBothDatabases]
    public async Task Rotating_without_grace_refuses_the_old_secret_at_once_and_a_second_rotation_ends_the_first_grace(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var lead = await db.ScopeOfAsync(world.CustomerLeadAId);
        var issued = await db.ErpClients.CreateAsync(lead, world.PartnershipAId, "Alpha SAP", [ErpScopes.Sync], "alpha-sap", cancellationToken: Ct);

        var first = await db.ErpClients.RotateSecretAsync(lead, world.PartnershipAId, "alpha-sap", TimeSpan.FromDays(7), Ct);
        var second = await db.ErpClients.RotateSecretAsync(lead, world.PartnershipAId, "alpha-sap", TimeSpan.Zero, Ct);

        Assert.Null(second!.Client.PreviousSecretHash);
        Assert.Null(await db.ErpClients.AuthenticateAsync("alpha-sap", issued!.Secret, Ct));
        Assert.Null(await db.ErpClients.AuthenticateAsync("alpha-sap", first!.Secret, Ct));
        Assert.NotNull(await db.ErpClients.AuthenticateAsync("alpha-sap", second.Secret, Ct));
    }

    [Theory, OnBothDatabases]
    public async Task A_grace_period_beyond_seven_days_or_negative_is_refused(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);
        var issued = await db.ErpClients.CreateAsync(admin, world.PartnershipAId, "Alpha SAP", [ErpScopes.Sync], "alpha-sap", cancellationToken: Ct);

        var tooLong = await Assert.ThrowsAsync<ValidationException>(() => db.ErpClients.RotateSecretAsync(admin, world.PartnershipAId, "alpha-sap", TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1), Ct));
        await Assert.ThrowsAsync<ValidationException>(() => db.ErpClients.RotateSecretAsync(admin, world.PartnershipAId, "alpha-sap", TimeSpan.FromMinutes(-1), Ct));

        Assert.Equal(["Grace"], tooLong.Errors.Keys);
        Assert.NotNull(await db.ErpClients.AuthenticateAsync("alpha-sap", issued!.Secret, Ct));
        Assert.NotNull(await db.ErpClients.RotateSecretAsync(admin, world.PartnershipAId, "alpha-sap", ErpClientStore.MaxGrace, Ct));
    }

    [Theory, OnBothDatabases]
    public async Task A_revoked_client_is_refused_at_once_even_during_a_grace_period_and_revoking_again_is_harmless(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var lead = await db.ScopeOfAsync(world.CustomerLeadAId);
        var issued = await db.ErpClients.CreateAsync(lead, world.PartnershipAId, "Alpha SAP", [ErpScopes.Sync], "alpha-sap", cancellationToken: Ct);
        var rotated = await db.ErpClients.RotateSecretAsync(lead, world.PartnershipAId, "alpha-sap", TimeSpan.FromDays(1), Ct);

        var revoked = await db.ErpClients.RevokeAsync(lead, world.PartnershipAId, "alpha-sap", Ct);
        db.Clock.Advance(TimeSpan.FromMinutes(5));
        var again = await db.ErpClients.RevokeAsync(lead, world.PartnershipAId, "alpha-sap", Ct);

        Assert.Equal(TestDatabase.Start, revoked!.RevokedAt);
        Assert.Equal(TestDatabase.Start, again!.RevokedAt);
        Assert.Null(await db.ErpClients.AuthenticateAsync("alpha-sap", rotated!.Secret, Ct));
        Assert.Null(await db.ErpClients.AuthenticateAsync("alpha-sap", issued!.Secret, Ct));
        Assert.Null(await db.Scopes.ForErpClientAsync("alpha-sap", Ct));
        await Assert.ThrowsAsync<ValidationException>(() => db.ErpClients.RotateSecretAsync(lead, world.PartnershipAId, "alpha-sap", TimeSpan.Zero, Ct));
        Assert.Equal(["Created", "SecretRotated", "Revoked"], (await AuditRows.ForEntityAsync(db, "ErpClient", revoked.Id)).Select(r => r.Action));
    }

    [Theory, OnBothDatabases]
    public async Task Another_tenants_client_is_not_found_for_rotation_or_revocation(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);
        var issued = await db.ErpClients.CreateAsync(admin, world.PartnershipAId, "Alpha SAP", [ErpScopes.Sync], "alpha-sap", cancellationToken: Ct);
        var leadB = await db.ScopeOfAsync(world.CustomerLeadBId);

        // Aimed at A's partnership (not in B's scope) and at B's own partnership (the client is not there).
        Assert.Null(await db.ErpClients.RotateSecretAsync(leadB, world.PartnershipAId, "alpha-sap", TimeSpan.Zero, Ct));
        Assert.Null(await db.ErpClients.RotateSecretAsync(leadB, world.PartnershipBId, "alpha-sap", TimeSpan.Zero, Ct));
        Assert.Null(await db.ErpClients.RevokeAsync(leadB, world.PartnershipAId, "alpha-sap", Ct));
        Assert.Null(await db.ErpClients.RevokeAsync(leadB, world.PartnershipBId, "alpha-sap", Ct));
        Assert.Null(await db.ErpClients.RevokeAsync(admin, world.PartnershipBId, "alpha-sap", Ct));

        Assert.NotNull(await db.ErpClients.AuthenticateAsync("alpha-sap", issued!.Secret, Ct));
        Assert.Single(await AuditRows.ForEntityAsync(db, "ErpClient", issued.Client.Id));
    }

    [Theory, OnBothDatabases]
    public async Task Engineers_cannot_list_rotate_or_revoke_connections(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);
        var issued = await db.ErpClients.CreateAsync(admin, world.PartnershipAId, "Alpha SAP", [ErpScopes.Sync], "alpha-sap", cancellationToken: Ct);
        var customerEngineer = await db.ScopeOfAsync(world.CustomerEngineerAId);

        await Assert.ThrowsAsync<ScopeException>(() => db.ErpClients.ListForPartnershipAsync(customerEngineer, world.PartnershipAId, Ct));
        await Assert.ThrowsAsync<ScopeException>(() => db.ErpClients.RotateSecretAsync(customerEngineer, world.PartnershipAId, "alpha-sap", TimeSpan.Zero, Ct));
        await Assert.ThrowsAsync<ScopeException>(() => db.ErpClients.RevokeAsync(customerEngineer, world.PartnershipAId, "alpha-sap", Ct));

        Assert.NotNull(await db.ErpClients.AuthenticateAsync("alpha-sap", issued!.Secret, Ct));
    }

    [Theory, OnBothDatabases]
    public async Task The_audit_trail_never_holds_a_secret_or_its_hash(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);
        var issued = await db.ErpClients.CreateAsync(admin, world.PartnershipAId, "Alpha SAP", [ErpScopes.Sync], "alpha-sap", cancellationToken: Ct);
        var rotated = await db.ErpClients.RotateSecretAsync(admin, world.PartnershipAId, "alpha-sap", TimeSpan.FromHours(1), Ct);
        var revoked = await db.ErpClients.RevokeAsync(admin, world.PartnershipAId, "alpha-sap", Ct);

        var rows = await AuditRows.ForEntityAsync(db, "ErpClient", issued!.Client.Id);

        Assert.Equal(3, rows.Count);
        var text = string.Join("\n", rows.Select(r => r.BeforeJson + r.AfterJson));
        foreach (var forbidden in new[] { issued.Secret, rotated!.Secret, issued.Client.SecretHash, rotated.Client.SecretHash, "pbkdf2" })
        {
            Assert.DoesNotContain(forbidden, text, StringComparison.Ordinal);
        }
        Assert.Contains("previousSecretValidUntil", rows[1].AfterJson, StringComparison.Ordinal);
        Assert.All(rows, r => Assert.Equal(world.PartnershipAId, r.PartnershipId));
        Assert.NotNull(revoked);
    }
}
