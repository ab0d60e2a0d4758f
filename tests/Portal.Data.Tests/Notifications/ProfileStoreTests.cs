using Portal.Data.Database;
using Portal.Data.Tenancy;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Notifications;

public sealed class ProfileStoreTests
{
    [Theory, OnBothDatabases]
    public async Task A_person_reads_times_in_their_organisations_zone_until_they_choose_their_own(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);
        Assert.Equal(PortalTimeZones.Utc, (await db.ScopeOfAsync(world.CustomerLeadAId)).TimeZone);

        await db.Organisations.SetTimeZoneAsync(admin, world.CustomerAOrgId, "Europe/Berlin", Ct);
        Assert.Equal("Europe/Berlin", (await db.ScopeOfAsync(world.CustomerLeadAId)).TimeZone);
        Assert.Equal(PortalTimeZones.Utc, (await db.ScopeOfAsync(world.CustomerLeadBId)).TimeZone);

        await db.Profiles.SetTimeZoneAsync(await db.ScopeOfAsync(world.CustomerLeadAId), "Asia/Tokyo", Ct);
        Assert.Equal("Asia/Tokyo", (await db.ScopeOfAsync(world.CustomerLeadAId)).TimeZone);
        Assert.Equal("Europe/Berlin", (await db.ScopeOfAsync(world.CustomerEngineerAId)).TimeZone);

        await db.Profiles.SetTimeZoneAsync(await db.ScopeOfAsync(world.CustomerLeadAId), null, Ct);
        Assert.Equal("Europe/Berlin", (await db.ScopeOfAsync(world.CustomerLeadAId)).TimeZone);
        Assert.Contains(await AuditRows.ForEntityAsync(db, "User", world.CustomerLeadAId), r => r.Action == "TimeZoneChanged");
    }

    [Theory, OnBothDatabases]
    public async Task A_zone_outside_the_list_is_refused_and_only_admins_set_an_organisations(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var lead = await db.ScopeOfAsync(world.CustomerLeadAId);

        await Assert.ThrowsAsync<ValidationException>(() => db.Profiles.SetTimeZoneAsync(lead, "Mars/Olympus", Ct));
        await Assert.ThrowsAsync<ScopeException>(() => db.Organisations.SetTimeZoneAsync(lead, world.CustomerAOrgId, "Asia/Tokyo", Ct));
        await Assert.ThrowsAsync<ScopeException>(() => db.Profiles.SetTimeZoneAsync(World.Bootstrap, "Asia/Tokyo", Ct));
    }
}
