using Dapper;
using Portal.Data.Database;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Database;

public sealed class TypeHandlerTests
{
    // Microsecond precision: PostgreSQL keeps no finer.
    private static readonly DateTimeOffset InBerlin = new DateTimeOffset(2026, 3, 2, 10, 15, 30, TimeSpan.FromHours(1)).AddTicks(1_234_560);

    [Theory, OnBothDatabases]
    public async Task An_instant_comes_back_as_the_same_moment_in_utc(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        await using var connection = await db.Database.OpenAsync(Ct);

        await connection.ExecuteAsync("INSERT INTO shared_keys (name, value, created_at) VALUES ('k', 'v', @InBerlin)", new { InBerlin });
        var read = await connection.QuerySingleAsync<DateTimeOffset>("SELECT created_at FROM shared_keys WHERE name = 'k'");
        var compared = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM shared_keys WHERE created_at = @UtcTwin", new { UtcTwin = InBerlin.ToUniversalTime() });

        Assert.Equal(InBerlin, read);
        Assert.Equal(TimeSpan.Zero, read.Offset);
        Assert.Equal(1, compared);
    }

    [Theory, OnBothDatabases]
    public async Task Instants_written_with_different_offsets_sort_and_compare_in_time_order(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        await using var connection = await db.Database.OpenAsync(Ct);
        // As local text "10:15+01:00" would sort after "09:30Z", though it is the earlier moment.
        var later = new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);
        var earlier = InBerlin;
        var latest = new DateTimeOffset(2026, 3, 2, 7, 0, 0, TimeSpan.FromHours(-5));

        await connection.ExecuteAsync("INSERT INTO shared_keys (name, value, created_at) VALUES (@Name, '', @At)",
            new[] { new { Name = "later", At = later }, new { Name = "earlier", At = earlier }, new { Name = "latest", At = latest } });

        Assert.Equal(["earlier", "later", "latest"], await connection.QueryAsync<string>("SELECT name FROM shared_keys ORDER BY created_at"));
        Assert.Equal(["later", "latest"], await connection.QueryAsync<string>("SELECT name FROM shared_keys WHERE created_at > @earlier ORDER BY created_at", new { earlier }));
    }

    [Theory, OnBothDatabases]
    public async Task Missing_instants_and_dates_come_back_as_null(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        await using var connection = await db.Database.OpenAsync(Ct);

        var lastSeen = await connection.QuerySingleAsync<DateTimeOffset?>("SELECT MAX(created_at) FROM shared_keys");
        var lastOrder = await connection.QuerySingleAsync<DateOnly?>("SELECT MAX(ordered_on) FROM purchase_orders");
        var noLockout = await connection.QuerySingleAsync<(long Id, DateTimeOffset? LockoutEnd)>("SELECT id, lockout_end FROM users WHERE id = @AdminId", new { world.AdminId });

        Assert.Null(lastSeen);
        Assert.Null(lastOrder);
        Assert.Null(noLockout.LockoutEnd);
        Assert.Null((await db.Users.FindByIdAsync(world.AdminId, Ct))?.LockoutEnd);
    }

    [Theory, OnBothDatabases]
    public async Task A_null_instant_can_be_written_over_a_value(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var user = (await db.Users.FindByIdAsync(world.AdminId, Ct))!;
        user.LockoutEnd = InBerlin;
        await db.Users.SaveSignInStateAsync(user, user.ConcurrencyStamp, Ct);

        user.LockoutEnd = null;
        Assert.True(await db.Users.SaveSignInStateAsync(user, user.ConcurrencyStamp, Ct));

        Assert.Null((await db.Users.FindByIdAsync(world.AdminId, Ct))?.LockoutEnd);
    }

    [Theory, OnBothDatabases]
    public async Task A_date_round_trips_and_compares_as_a_date(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        await using var connection = await db.Database.OpenAsync(Ct);
        var orderedOn = new DateOnly(2026, 12, 31);

        await connection.ExecuteAsync(
            "INSERT INTO purchase_orders (partnership_id, external_id, revision, number, ordered_on, currency, updated_at) VALUES (@PartnershipAId, 'PO-1', 1, 'PO-1', @orderedOn, 'EUR', @now)",
            new { world.PartnershipAId, orderedOn, now = db.Clock.GetUtcNow() });

        Assert.Equal(orderedOn, await connection.QuerySingleAsync<DateOnly>("SELECT ordered_on FROM purchase_orders"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM purchase_orders WHERE ordered_on > @day", new { day = new DateOnly(2026, 2, 1) }));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM purchase_orders WHERE ordered_on > @day", new { day = orderedOn }));
    }
}
