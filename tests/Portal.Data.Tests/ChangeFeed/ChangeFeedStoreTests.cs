using Portal.Data.ChangeFeed;
using Portal.Data.Database;
using Portal.Data.Quality;
using Portal.Data.Tenancy;
using Portal.Data.Tests.Infrastructure;
using Portal.Data.Tests.Quality;

namespace Portal.Data.Tests.ChangeFeed;

public sealed class ChangeFeedStoreTests
{
    [Theory, OnBothDatabases]
    public async Task Positions_count_up_per_partnership_and_a_rolled_back_change_leaves_no_gap(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        await AppendAsync(db, world.PartnershipAId, "First");
        await AppendAsync(db, world.PartnershipBId, "Other partnership");
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.Database.InTransactionAsync(async (connection, transaction) =>
        {
            await db.Feed.AppendAsync(connection, transaction, world.PartnershipAId, FeedEntity.CreditLine, 1, "Doomed", new ProbeProjection());
            throw new InvalidOperationException("the change failed after its feed entry");
        }, Ct));
        await AppendAsync(db, world.PartnershipAId, "Second");

        var page = await db.ChangeFeed.ReadAsync(CallerScope.ForSystem("test", world.PartnershipAId), world.PartnershipAId, 0, 10, Ct);

        Assert.Equal([(1L, "First"), (2L, "Second")], page!.Entries.Select(e => (e.Position, e.Change)));
        Assert.Equal(2, page.Head);
        Assert.Equal(1, (await db.ChangeFeed.ReadAsync(CallerScope.ForSystem("test", world.PartnershipBId), world.PartnershipBId, 0, 10, Ct))!.Head);
    }

    [Theory, OnBothDatabases]
    public async Task Another_customers_feed_is_not_found(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        await AppendAsync(db, world.PartnershipAId, "Secret");

        Assert.Null(await db.ChangeFeed.ReadAsync(await db.ScopeOfAsync(world.CustomerLeadBId), world.PartnershipAId, 0, 10, Ct));
        Assert.NotNull(await db.ChangeFeed.ReadAsync(await db.ScopeOfAsync(world.CustomerLeadAId), world.PartnershipAId, 0, 10, Ct));
    }

    [Theory, OnBothDatabases]
    public async Task Concurrent_writers_get_every_position_exactly_once(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await AppendAsync(db, world.PartnershipAId, $"w{writer}-{i}");
            }
        })));

        var page = await db.ChangeFeed.ReadAsync(CallerScope.ForSystem("test", world.PartnershipAId), world.PartnershipAId, 0, 1000, Ct);
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), page!.Entries.Select(e => e.Position));
        Assert.Equal(200, page.Entries.Select(e => e.Change).Distinct().Count());
    }

    [Theory, OnBothDatabases]
    public async Task Raising_and_working_a_quality_issue_reaches_the_feed_with_its_state(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var q = await QualityWorld.SeedAsync(db);
        var lead = await db.ScopeOfAsync(q.World.AccountLeadId);
        var issue = await db.QualityIssues.RaiseAsync(lead, q.World.PartnershipAId, q.Cracked(), [], Ct);
        await db.QualityWorkflow.CompleteStepAsync(lead, q.World.PartnershipAId, issue!.Id, EightDStep.D1, Ct);

        var page = await db.ChangeFeed.ReadAsync(lead, q.World.PartnershipAId, 0, 10, Ct);

        Assert.Equal([(FeedEntity.QualityIssue, issue.Id, "Raised"), (FeedEntity.QualityIssue, issue.Id, "D1Completed")],
            page!.Entries.Select(e => (e.Entity, e.EntityId, e.Change)));
        Assert.Contains("\"title\":\"Cracked brackets\"", page.Entries[0].DataJson);
        Assert.Contains("\"severity\":\"Critical\"", page.Entries[0].DataJson);
    }

    private static Task<long> AppendAsync(TestDatabase db, long partnershipId, string change) =>
        db.Database.InTransactionAsync((connection, transaction) =>
            db.Feed.AppendAsync(connection, transaction, partnershipId, FeedEntity.CreditLine, 1, change, new ProbeProjection(change)), Ct);
}
