using Dapper;
using Portal.Data.Database;
using Portal.Data.Tenancy;

namespace Portal.Data.ChangeFeed;

/// <summary>A page of a partnership's feed after a position, with where the feed stands.</summary>
public sealed record FeedPage(IReadOnlyList<ChangeFeedEntry> Entries, long Head, long PrunedThrough)
{
    /// <summary>The entries after the asked-for position were partly pruned: the follower must resync.</summary>
    public bool Expired { get; init; }
}

/// <summary>Reads a partnership's change feed in position order; the partnership must be in the caller's scope.</summary>
public sealed class ChangeFeedStore(PortalDatabase database)
{
    /// <summary>Entries with a position above <paramref name="after"/>, at most <paramref name="max"/>; null when the partnership is out of scope.</summary>
    public async Task<FeedPage?> ReadAsync(CallerScope scope, long partnershipId, long after, int max, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var partnership = await connection.QuerySingleOrDefaultAsync<(long Id, long? Head, long? PrunedThrough)>(new CommandDefinition(
            $"""
            SELECT p.id, h.head, h.pruned_through
            FROM partnerships p LEFT JOIN change_feed_heads h ON h.partnership_id = p.id
            WHERE p.id = @partnershipId AND {database.Dialect.IsIn("p.id", "@Allowed")}
            """, new { partnershipId, Allowed = scope.PartnershipIds }, cancellationToken: cancellationToken));
        if (partnership.Id == 0)
        {
            return null;
        }
        var head = partnership.Head ?? 0;
        var prunedThrough = partnership.PrunedThrough ?? 0;
        if (after < prunedThrough)
        {
            return new FeedPage([], head, prunedThrough) { Expired = true };
        }
        var entries = await connection.QueryAsync<ChangeFeedEntry>(new CommandDefinition(
            """
            SELECT partnership_id, position, occurred_at, entity, entity_id, change, data_json
            FROM change_feed WHERE partnership_id = @partnershipId AND position > @after
            ORDER BY position LIMIT @max
            """, new { partnershipId, after, max }, cancellationToken: cancellationToken));
        return new FeedPage(entries.ToList(), head, prunedThrough);
    }
}
