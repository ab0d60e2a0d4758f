using Portal.Data.ChangeFeed;
using Portal.Data.Database;
using Portal.Data.ErpClients;
using Portal.Data.Tenancy;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.ChangeFeed;

public sealed class FeedReadStoreTests
{
    [Theory, OnBothDatabases]
    public async Task Each_erp_client_shows_its_last_read_position_and_lag_against_the_head(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);
        var sap = await db.ErpClients.CreateAsync(admin, world.PartnershipAId, "Alpha SAP", [ErpScopes.Read], cancellationToken: Ct);
        await db.ErpClients.CreateAsync(admin, world.PartnershipAId, "Alpha test system", [ErpScopes.Read], cancellationToken: Ct);
        var sapScope = (await db.Scopes.ForErpClientAsync(sap!.Client.ClientId, Ct))!;
        await db.Database.InTransactionAsync(async (connection, transaction) =>
        {
            for (var i = 0; i < 5; i++)
            {
                await db.Feed.AppendAsync(connection, transaction, world.PartnershipAId, FeedEntity.QualityIssue, i, "Raised", new ProbeProjection(Number: (int)i));
            }
        }, Ct);
        db.Clock.Advance(TimeSpan.FromMinutes(3));

        Assert.True(await db.FeedReads.RecordAsync(sapScope, world.PartnershipAId, 2, Ct));
        var readers = await db.FeedReads.ListForPartnershipAsync(await db.ScopeOfAsync(world.CustomerLeadAId), world.PartnershipAId, Ct);

        Assert.Equal([("Alpha SAP", 5L, (long?)2, 3L, (DateTimeOffset?)db.Clock.GetUtcNow()), ("Alpha test system", 5L, null, 5L, null)],
            readers.Select(r => (r.DisplayName, r.Head, r.LastPosition, r.Lag, r.LastReadAt)));
        Assert.True(await db.FeedReads.RecordAsync(sapScope, world.PartnershipAId, 5, Ct));
        Assert.Equal(0, (await db.FeedReads.ListForPartnershipAsync(admin, world.PartnershipAId, Ct))[0].Lag);
    }

    [Theory, OnBothDatabases]
    public async Task Only_an_erp_client_of_the_partnership_leaves_a_mark_and_another_tenant_sees_no_readers(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);
        await db.ErpClients.CreateAsync(admin, world.PartnershipAId, "Alpha SAP", [ErpScopes.Read], cancellationToken: Ct);
        var ofB = await db.ErpClients.CreateAsync(admin, world.PartnershipBId, "Beta ERP", [ErpScopes.Read], cancellationToken: Ct);
        var bScope = (await db.Scopes.ForErpClientAsync(ofB!.Client.ClientId, Ct))!;

        Assert.False(await db.FeedReads.RecordAsync(bScope, world.PartnershipAId, 1, Ct));
        Assert.False(await db.FeedReads.RecordAsync(bScope with { PartnershipIds = [world.PartnershipAId, world.PartnershipBId] }, world.PartnershipAId, 1, Ct));
        Assert.False(await db.FeedReads.RecordAsync(await db.ScopeOfAsync(world.CustomerLeadAId), world.PartnershipAId, 1, Ct));
        Assert.Empty(await db.FeedReads.ListForPartnershipAsync(await db.ScopeOfAsync(world.CustomerLeadBId), world.PartnershipAId, Ct));
        Assert.All(await db.FeedReads.ListForPartnershipAsync(admin, world.PartnershipAId, Ct), r => Assert.Null(r.LastPosition));
    }
}
