using Portal.Data.Database;
using Portal.Data.Tests.Infrastructure;
using Portal.Data.Users;

namespace Portal.Data.Tests.Users;

public sealed class SessionStoreTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    [Theory, OnBothDatabases]
    public async Task A_session_is_on_for_its_person_only_until_it_ends(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var sessions = new SessionStore(db.Database, db.Clock);

        var id = await sessions.StartAsync(world.AdminId, Lifetime, Ct);
        var other = await sessions.StartAsync(world.AdminId, Lifetime, Ct);

        Assert.NotEqual(id, other);
        Assert.True(await sessions.IsActiveAsync(id, world.AdminId, Ct));
        Assert.False(await sessions.IsActiveAsync(id, world.CustomerLeadAId, Ct));
        await sessions.EndAsync(id, Ct);
        Assert.False(await sessions.IsActiveAsync(id, world.AdminId, Ct));
        Assert.True(await sessions.IsActiveAsync(other, world.AdminId, Ct));
    }

    [Theory, OnBothDatabases]
    public async Task Sessions_unseen_for_longer_than_the_cookie_lives_are_deleted_at_the_next_sign_in(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var sessions = new SessionStore(db.Database, db.Clock);
        var stale = await sessions.StartAsync(world.AdminId, Lifetime, Ct);
        var renewed = await sessions.StartAsync(world.AdminId, Lifetime, Ct);
        db.Clock.Advance(TimeSpan.FromHours(5));
        await sessions.TouchAsync(renewed, Ct);
        db.Clock.Advance(TimeSpan.FromHours(4));

        await sessions.StartAsync(world.AdminId, Lifetime, Ct);

        Assert.False(await sessions.IsActiveAsync(stale, world.AdminId, Ct));
        Assert.True(await sessions.IsActiveAsync(renewed, world.AdminId, Ct));
    }
}
