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
        var entries = (await connection.QueryAsync<ChangeFeedEntry>(new CommandDefinition(
            """
            SELECT partnership_id, position, occurred_at, entity, entity_id, change, data_json
            FROM change_feed WHERE partnership_id = @partnershipId AND position > @after
            ORDER BY position LIMIT @max
            """, new { partnershipId, after, max }, cancellationToken: cancellationToken))).ToList();
        // Positions have no gaps, so a first entry beyond after + 1 means a prune committed between the two
        // statements: handing out the rest would skip changes silently.
        if (entries.Count > 0 && entries[0].Position != after + 1)
        {
            return new FeedPage([], head, Math.Max(prunedThrough, entries[0].Position - 1)) { Expired = true };
        }
        return new FeedPage(entries, head, prunedThrough);
    }

    /// <summary>
    /// Removes the partnership's entries that occurred before <paramref name="cutoff"/> and raises its pruned_through
    /// in the same transaction, so a follower behind it is told to resync instead of missing entries. Returns how many
    /// went; running it again removes nothing more.
    /// </summary>
    public Task<int> PruneAsync(CallerScope scope, long partnershipId, DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            // Pruning keeps a prefix: everything up to the newest old entry, so what remains still starts right after pruned_through.
            var through = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                $"""
                SELECT MAX(position) FROM change_feed
                WHERE partnership_id = @partnershipId AND occurred_at < @cutoff AND {database.Dialect.IsIn("partnership_id", "@Allowed")}
                """, new { partnershipId, cutoff, Allowed = scope.PartnershipIds }, transaction, cancellationToken: cancellationToken));
            if (through is not { } last)
            {
                return 0;
            }
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE change_feed_heads SET pruned_through = @last WHERE partnership_id = @partnershipId AND pruned_through < @last",
                new { partnershipId, last }, transaction, cancellationToken: cancellationToken));
            return await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM change_feed WHERE partnership_id = @partnershipId AND position <= @last",
                new { partnershipId, last }, transaction, cancellationToken: cancellationToken));
        }, cancellationToken);

    /// <summary>The partnerships with entries older than <paramref name="cutoff"/>: ids only, for the retention job to fan out over.</summary>
    public async Task<IReadOnlyList<long>> PartnershipsWithEntriesBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // One index probe per partnership that has a feed (every one has a head row): asked of the whole feed at once,
        // "DISTINCT partnership_id ... ORDER BY partnership_id" walked every entry in key order.
        var ids = await connection.QueryAsync<long>(new CommandDefinition(
            """
            SELECT h.partnership_id FROM change_feed_heads h
            WHERE EXISTS (SELECT 1 FROM change_feed f WHERE f.partnership_id = h.partnership_id AND f.occurred_at < @cutoff)
            ORDER BY h.partnership_id
            """,
            new { cutoff }, cancellationToken: cancellationToken));
        return ids.ToList();
    }
}
