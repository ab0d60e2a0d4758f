using Dapper;
using Portal.Data.Audit;

namespace Portal.Data.Tests.Infrastructure;

/// <summary>Reads the trail directly, for changes that belong to no partnership (which AuditStore does not show).</summary>
public static class AuditRows
{
    public static async Task<List<AuditEntry>> ForEntityAsync(TestDatabase db, string entity, long entityId)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        var rows = await connection.QueryAsync<AuditEntry>(
            """
            SELECT id, partnership_id, occurred_at, actor_kind, actor_id, actor_name, entity, entity_id, action, before_json, after_json, note
            FROM audit_log WHERE entity = @entity AND entity_id = @EntityId ORDER BY id
            """, new { entity, EntityId = entityId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return rows.ToList();
    }

    public static async Task<long> CountAsync(TestDatabase db)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log");
    }
}
