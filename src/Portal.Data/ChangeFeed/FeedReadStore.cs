using Dapper;
using Portal.Data.Database;
using Portal.Data.Tenancy;

namespace Portal.Data.ChangeFeed;

/// <summary>What each ERP client has read of its partnership's feed, so that people can see a client that fell behind.</summary>
public sealed class FeedReadStore(PortalDatabase database, TimeProvider clock)
{
    /// <summary>
    /// Notes that <paramref name="position"/> was delivered to the calling ERP client. Only an ERP client of that
    /// partnership leaves a mark; any other caller changes nothing.
    /// </summary>
    public async Task<bool> RecordAsync(CallerScope scope, long partnershipId, long position, CancellationToken cancellationToken = default)
    {
        if (scope is not { Kind: ActorKind.ErpClient, ActorId: { } clientId })
        {
            return false;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        var written = await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO change_feed_reads (erp_client_id, partnership_id, last_position, last_read_at)
            SELECT c.id, c.partnership_id, @position, @now FROM erp_clients c
            WHERE c.id = @clientId AND c.partnership_id = @partnershipId AND {database.Dialect.IsIn("c.partnership_id", "@Allowed")}
            ON CONFLICT (erp_client_id) DO UPDATE SET last_position = excluded.last_position, last_read_at = excluded.last_read_at
            """, new { clientId, partnershipId, position, now = clock.GetUtcNow(), Allowed = scope.PartnershipIds }, cancellationToken: cancellationToken));
        return written > 0;
    }

    /// <summary>Every ERP client of the partnership, revoked ones too, with its last read position against the feed's head.</summary>
    public async Task<IReadOnlyList<FeedReader>> ListForPartnershipAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var readers = await connection.QueryAsync<FeedReader>(new CommandDefinition(
            $"""
            SELECT c.client_id, c.display_name, c.revoked_at IS NOT NULL AS is_revoked, COALESCE(h.head, 0) AS head,
                   r.last_position, r.last_read_at
            FROM erp_clients c
            LEFT JOIN change_feed_heads h ON h.partnership_id = c.partnership_id
            LEFT JOIN change_feed_reads r ON r.erp_client_id = c.id
            WHERE c.partnership_id = @partnershipId AND {database.Dialect.IsIn("c.partnership_id", "@Allowed")}
            ORDER BY c.display_name, c.client_id
            """, new { partnershipId, Allowed = scope.PartnershipIds }, cancellationToken: cancellationToken));
        return readers.ToList();
    }
}
