using System.Data.Common;
using System.Text.Json;
using Dapper;
using Portal.Data.Tenancy;

namespace Portal.Data.Audit;

/// <summary>
/// Writes the trail inside the caller's transaction: a change and its record commit or roll back together.
/// </summary>
public sealed class AuditTrail(TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public Task RecordAsync(DbConnection connection, DbTransaction transaction, CallerScope actor, long? partnershipId,
        string entity, object entityId, string action, object? before, object? after, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO audit_log (partnership_id, occurred_at, actor_kind, actor_id, actor_name, entity, entity_id, action, before_json, after_json)
            VALUES (@partnershipId, @OccurredAt, @ActorKind, @ActorId, @ActorName, @entity, @EntityId, @action, @BeforeJson, @AfterJson)
            """,
            new
            {
                partnershipId,
                OccurredAt = clock.GetUtcNow(),
                ActorKind = actor.Kind.ToString(),
                actor.ActorId,
                actor.ActorName,
                entity,
                EntityId = Convert.ToString(entityId, System.Globalization.CultureInfo.InvariantCulture),
                action,
                BeforeJson = before is null ? null : JsonSerializer.Serialize(before, Json),
                AfterJson = after is null ? null : JsonSerializer.Serialize(after, Json),
            },
            transaction, cancellationToken: cancellationToken));
}
