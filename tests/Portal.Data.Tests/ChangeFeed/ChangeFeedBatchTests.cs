using Dapper;
using Portal.Data.ChangeFeed;
using Portal.Data.Database;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.ChangeFeed;

/// <summary>A batch appends one entry to each partnership's feed at the next position, as one append each would.</summary>
public sealed class ChangeFeedBatchTests
{
    [Theory, OnBothDatabases]
    public async Task A_batch_takes_each_partnerships_next_position_and_refuses_two_entries_of_one(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var (a, b) = (world.PartnershipAId, world.PartnershipBId);
        var (headA, headB) = (await HeadAsync(db, a), await HeadAsync(db, b));

        await db.Database.InTransactionAsync(async (connection, transaction) =>
        {
            await db.Feed.AppendAsync(connection, transaction, a, FeedEntity.QualityIssue, 1, "First", new ProbeProjection("first", 1));
            await db.Feed.AppendManyAsync(connection, transaction, db.Database.Dialect,
                [(b, FeedEntity.QualityIssue, 2, "Batch", new ProbeProjection("b", 2)), (a, FeedEntity.QualityIssue, 3, "Batch", new ProbeProjection("a", 3))]);
        }, Ct);
        var twice = db.Database.InTransactionAsync(async (connection, transaction) =>
        {
            await db.Feed.AppendManyAsync(connection, transaction, db.Database.Dialect,
                [(a, FeedEntity.QualityIssue, 4, "Batch", new ProbeProjection()), (a, FeedEntity.QualityIssue, 5, "Batch", new ProbeProjection())]);
        }, Ct);

        await Assert.ThrowsAsync<ArgumentException>(() => twice);
        await using var read = await db.Database.OpenAsync(Ct);
        var rows = await read.QueryAsync<(long PartnershipId, long Position, long EntityId, string Change)>(
            "SELECT partnership_id, position, entity_id, change FROM change_feed WHERE partnership_id IN (@a, @b) AND entity = 'QualityIssue' AND data_json LIKE '%label%'", new { a, b });
        Assert.Equal([(a, headA + 1, 1L, "First"), (a, headA + 2, 3L, "Batch"), (b, headB + 1, 2L, "Batch")],
            rows.OrderBy(r => r.PartnershipId == a ? 0 : 1).ThenBy(r => r.Position));
        Assert.Equal((headA + 2, headB + 1), (await HeadAsync(db, a), await HeadAsync(db, b)));
    }

    private static async Task<long> HeadAsync(TestDatabase db, long partnershipId)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        return await connection.ExecuteScalarAsync<long?>("SELECT head FROM change_feed_heads WHERE partnership_id = @partnershipId", new { partnershipId }) ?? 0;
    }
}
