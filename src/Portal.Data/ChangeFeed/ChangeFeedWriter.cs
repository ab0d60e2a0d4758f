using System.Data.Common;
using System.Text.Json;
using Dapper;

namespace Portal.Data.ChangeFeed;

/// <summary>
/// Appends to a partnership's feed inside the caller's transaction, so a change and its entry commit or
/// roll back together. The position comes from an upsert of the partnership's head row: the row lock it
/// takes makes a concurrent writer wait until this transaction ends, so positions commit in order and
/// without gaps on PostgreSQL too (SQLite write transactions already exclude each other).
/// </summary>
public sealed class ChangeFeedWriter(TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    static ChangeFeedWriter() => Json.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());

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
                // The runtime type: the projection's own fields, whichever record it is.
                DataJson = JsonSerializer.Serialize(data, data.GetType(), Json),
            }, transaction, cancellationToken: cancellationToken));
        return position;
    }
}
