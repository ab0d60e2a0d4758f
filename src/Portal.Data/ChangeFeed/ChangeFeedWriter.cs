using System.Data.Common;
using System.Text.Json;
using Dapper;
using Portal.Data.Database;

namespace Portal.Data.ChangeFeed;

/// <summary>
/// Appends to a partnership's feed inside the caller's transaction, so a change and its entry commit or
/// roll back together. The position comes from an upsert of the partnership's head row: the row lock it
/// takes makes a concurrent writer wait until this transaction ends, so positions commit in order and
/// without gaps on PostgreSQL too (SQLite write transactions already exclude each other).
/// </summary>
public sealed class ChangeFeedWriter(TimeProvider clock)
{
    public async Task<long> AppendAsync(DbConnection connection, DbTransaction transaction, long partnershipId,
        FeedEntity entity, long entityId, string change, FeedProjection data, CancellationToken cancellationToken = default)
    {
        // One command for both statements: on PostgreSQL they travel in one round trip, which matters because the
        // head row stays locked until commit and every other writer of the partnership waits for it meanwhile.
        var position = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO change_feed_heads (partnership_id, head) VALUES (@partnershipId, 1)
            ON CONFLICT (partnership_id) DO UPDATE SET head = change_feed_heads.head + 1;
            INSERT INTO change_feed (partnership_id, position, occurred_at, entity, entity_id, change, data_json)
            SELECT @partnershipId, head, @OccurredAt, @Entity, @entityId, @change, @DataJson FROM change_feed_heads WHERE partnership_id = @partnershipId
            RETURNING position
            """,
            new
            {
                partnershipId, OccurredAt = clock.GetUtcNow(), Entity = entity.ToString(), entityId, change,
                DataJson = FeedJson.Write(data),
            }, transaction, cancellationToken: cancellationToken));
        return position;
    }

    /// <summary>
    /// One entry for each of several partnerships, each partnership at most once, in one command: the heads are taken
    /// in partnership order, so two batches wait for each other rather than deadlock.
    /// </summary>
    public async Task AppendManyAsync(DbConnection connection, DbTransaction transaction, Dialect dialect,
        IReadOnlyList<(long PartnershipId, FeedEntity Entity, long EntityId, string Change, FeedProjection Data)> entries, CancellationToken cancellationToken = default)
    {
        if (entries.Count == 0)
        {
            return;
        }
        if (entries.DistinctBy(e => e.PartnershipId).Count() != entries.Count)
        {
            throw new ArgumentException("A batch appends one entry per partnership.", nameof(entries));
        }
        var rows = dialect.JsonRows("@rows", ("partnership_id", "bigint"), ("entity", "text"), ("entity_id", "bigint"), ("change", "text"), ("data_json", "text"));
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO change_feed_heads (partnership_id, head) SELECT r.partnership_id, 1 FROM {rows} WHERE true ORDER BY r.partnership_id
            ON CONFLICT (partnership_id) DO UPDATE SET head = change_feed_heads.head + 1;
            INSERT INTO change_feed (partnership_id, position, occurred_at, entity, entity_id, change, data_json)
            SELECT r.partnership_id, h.head, @OccurredAt, r.entity, r.entity_id, r.change, r.data_json FROM {rows} JOIN change_feed_heads h ON h.partnership_id = r.partnership_id
            """,
            new
            {
                OccurredAt = clock.GetUtcNow(),
                rows = JsonRows.Of(entries, (json, e) =>
                {
                    json.WriteNumber("partnership_id", e.PartnershipId);
                    json.WriteString("entity", e.Entity.ToString());
                    json.WriteNumber("entity_id", e.EntityId);
                    json.WriteString("change", e.Change);
                    json.WriteString("data_json", FeedJson.Write(e.Data));
                }),
            }, transaction, cancellationToken: cancellationToken));
    }
}
