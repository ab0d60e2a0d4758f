using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Portal.Data.Database;
using Portal.Data.Tenancy;

namespace Portal.Data.Audit;

/// <summary>
/// Writes the trail inside the caller's transaction: a change and its record commit or roll back together.
/// </summary>
public sealed class AuditTrail(TimeProvider clock)
{
    /// <summary>Enums by name, so that the JSON reads back into the typed state whatever order an enum's members take later.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false, Converters = { new JsonStringEnumConverter() } };

    public Task RecordAsync(DbConnection connection, DbTransaction transaction, CallerScope actor, long? partnershipId,
        string entity, object entityId, string action, object? before, object? after, CancellationToken cancellationToken = default) =>
        RecordAsync(connection, transaction, actor, partnershipId, entity, entityId, action, before, after, null, cancellationToken);

    /// <summary>As above, with what the actor said (a reason, a decision note, a comment) in its own column.</summary>
    public Task RecordAsync(DbConnection connection, DbTransaction transaction, CallerScope actor, long? partnershipId,
        string entity, object entityId, string action, object? before, object? after, string? note, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO audit_log (partnership_id, occurred_at, actor_kind, actor_id, actor_name, entity, entity_id, action, before_json, after_json, note)
            VALUES (@partnershipId, @OccurredAt, @ActorKind, @ActorId, @ActorName, @entity, @EntityId, @action, @BeforeJson, @AfterJson, @note)
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
                note,
                BeforeJson = before is null ? null : JsonSerializer.Serialize(before, Json),
                AfterJson = after is null ? null : JsonSerializer.Serialize(after, Json),
            },
            transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// Several records by one actor in one statement: what a set-based job writes for a batch of records, without a
    /// round trip each.
    /// </summary>
    public Task RecordManyAsync(DbConnection connection, DbTransaction transaction, Dialect dialect, CallerScope actor,
        IReadOnlyList<(long? PartnershipId, string Entity, string EntityId, string Action, object? Before, object? After, string? Note)> records,
        CancellationToken cancellationToken) =>
        records.Count == 0 ? Task.CompletedTask : connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO audit_log (partnership_id, occurred_at, actor_kind, actor_id, actor_name, entity, entity_id, action, before_json, after_json, note)
            SELECT r.partnership_id, @OccurredAt, @ActorKind, @ActorId, @ActorName, r.entity, r.entity_id, r.action, r.before_json, r.after_json, r.note
            FROM {dialect.JsonRows("@rows", ("partnership_id", "bigint"), ("entity", "text"), ("entity_id", "text"), ("action", "text"), ("before_json", "text"),
                ("after_json", "text"), ("note", "text"))}
            """,
            new
            {
                OccurredAt = clock.GetUtcNow(),
                ActorKind = actor.Kind.ToString(),
                actor.ActorId,
                actor.ActorName,
                rows = JsonRows.Of(records, (json, r) =>
                {
                    if (r.PartnershipId is { } partnershipId) json.WriteNumber("partnership_id", partnershipId);
                    else json.WriteNull("partnership_id");
                    json.WriteString("entity", r.Entity);
                    json.WriteString("entity_id", r.EntityId);
                    json.WriteString("action", r.Action);
                    json.WriteString("note", r.Note);
                    json.WriteString("before_json", r.Before is null ? null : JsonSerializer.Serialize(r.Before, Json));
                    json.WriteString("after_json", r.After is null ? null : JsonSerializer.Serialize(r.After, Json));
                }),
            },
            transaction, cancellationToken: cancellationToken));
}
