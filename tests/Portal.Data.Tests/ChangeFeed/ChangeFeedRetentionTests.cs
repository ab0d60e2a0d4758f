using Dapper;
using Portal.Data.ChangeFeed;
using Portal.Data.Database;
using Portal.Data.Tenancy;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.ChangeFeed;

public sealed class ChangeFeedRetentionTests
{
    [Theory, OnBothDatabases]
    public async Task Pruning_removes_old_entries_and_a_cursor_behind_them_is_expired(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var scope = CallerScope.ForSystem("test", world.PartnershipAId);
        await AppendAsync(db, world.PartnershipAId, "Old 1", "Old 2", "Old 3");
        await AppendAsync(db, world.PartnershipBId, "Old of B");
        db.Clock.Advance(TimeSpan.FromDays(10));
        await AppendAsync(db, world.PartnershipAId, "New 4", "New 5");
        var cutoff = TestDatabase.Start.AddDays(5);

        Assert.Equal([world.PartnershipAId, world.PartnershipBId], await db.ChangeFeed.PartnershipsWithEntriesBeforeAsync(cutoff, Ct));
        Assert.Equal(3, await db.ChangeFeed.PruneAsync(scope, world.PartnershipAId, cutoff, Ct));
        Assert.Equal(0, await db.ChangeFeed.PruneAsync(scope, world.PartnershipAId, cutoff, Ct));

        var behind = await db.ChangeFeed.ReadAsync(scope, world.PartnershipAId, 2, 10, Ct);
        Assert.True(behind!.Expired);
        Assert.Equal((3L, 5L), (behind.PrunedThrough, behind.Head));
        var kept = await db.ChangeFeed.ReadAsync(scope, world.PartnershipAId, 3, 10, Ct);
        Assert.False(kept!.Expired);
        Assert.Equal(["New 4", "New 5"], kept.Entries.Select(e => e.Change));
        Assert.Equal([world.PartnershipBId], await db.ChangeFeed.PartnershipsWithEntriesBeforeAsync(cutoff, Ct));
        await AppendAsync(db, world.PartnershipAId, "After the prune");
        Assert.Equal(6, (await db.ChangeFeed.ReadAsync(scope, world.PartnershipAId, 5, 10, Ct))!.Entries.Single().Position);
    }

    [Theory, OnBothDatabases]
    public async Task Another_tenants_scope_prunes_nothing(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        await AppendAsync(db, world.PartnershipAId, "Old");
        db.Clock.Advance(TimeSpan.FromDays(100));

        Assert.Equal(0, await db.ChangeFeed.PruneAsync(await db.ScopeOfAsync(world.CustomerLeadBId), world.PartnershipAId, db.Clock.GetUtcNow(), Ct));
        Assert.Single((await db.ChangeFeed.ReadAsync(CallerScope.ForSystem("test", world.PartnershipAId), world.PartnershipAId, 0, 10, Ct))!.Entries);
    }

    // A prune that commits between a reader's look at pruned_through and its read of the entries must not
    // hand the reader a page that silently skips what was pruned.
    [Theory, OnBothDatabases]
    public async Task A_page_that_would_start_after_a_gap_is_expired(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        await AppendAsync(db, world.PartnershipAId, "1", "2", "3");
        await using (var connection = await db.Database.OpenAsync(Ct))
        {
            await connection.ExecuteAsync("DELETE FROM change_feed WHERE partnership_id = @PartnershipAId AND position <= 2", new { world.PartnershipAId });
        }

        var page = await db.ChangeFeed.ReadAsync(CallerScope.ForSystem("test", world.PartnershipAId), world.PartnershipAId, 0, 10, Ct);

        Assert.True(page!.Expired);
        Assert.Empty(page.Entries);
        Assert.Equal(2, page.PrunedThrough);
    }

    private static Task AppendAsync(TestDatabase db, long partnershipId, params string[] changes) =>
        db.Database.InTransactionAsync(async (connection, transaction) =>
        {
            foreach (var change in changes)
            {
                await db.Feed.AppendAsync(connection, transaction, partnershipId, FeedEntity.DesignRequest, 7, change, new ProbeProjection(change));
            }
        }, Ct);
}
