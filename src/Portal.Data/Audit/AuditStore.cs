using Dapper;
using Portal.Data.Database;
using Portal.Data.Tenancy;

namespace Portal.Data.Audit;

public sealed class AuditStore(PortalDatabase database)
{
    public const int PageSize = 25;

    /// <summary>A partnership's trail, newest first. Empty for a partnership outside the scope.</summary>
    public async Task<Page<AuditEntry>> GetPageForPartnershipAsync(CallerScope scope, long partnershipId, AuditFilter filter, int pageNumber, CancellationToken cancellationToken = default)
    {
        pageNumber = Math.Max(1, pageNumber);
        if (!scope.CanSee(partnershipId))
        {
            return new Page<AuditEntry>([], pageNumber, PageSize, 0);
        }
        // Conditions are added only when set: PostgreSQL cannot type an untyped NULL parameter in "@p IS NULL".
        var where = new List<string> { "partnership_id = @partnershipId", database.Dialect.IsIn("partnership_id", "@Allowed") };
        if (Blank(filter.Entity) is not null) where.Add("entity = @Entity");
        if (Blank(filter.Action) is not null) where.Add("action = @Action");
        if (Blank(filter.Actor) is not null) where.Add("lower(actor_name) LIKE @Actor");
        if (filter.From is not null) where.Add("occurred_at >= @From");
        if (filter.To is not null) where.Add("occurred_at < @To");
        var whereSql = "WHERE " + string.Join(" AND ", where);
        var parameters = new
        {
            partnershipId,
            Allowed = scope.PartnershipIds,
            Entity = Blank(filter.Entity),
            Action = Blank(filter.Action),
            Actor = $"%{Blank(filter.Actor)?.ToLowerInvariant()}%",
            From = new DateTimeOffset((filter.From ?? DateOnly.MinValue).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            To = new DateTimeOffset((filter.To ?? DateOnly.MinValue).AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            Limit = PageSize,
            Offset = (long)(pageNumber - 1) * PageSize,
        };
        await using var connection = await database.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM audit_log {whereSql}", parameters, cancellationToken: cancellationToken));
        var items = await connection.QueryAsync<AuditEntry>(new CommandDefinition(
            $"""
            SELECT id, partnership_id, occurred_at, actor_kind, actor_id, actor_name, entity, entity_id, action, before_json, after_json
            FROM audit_log {whereSql}
            ORDER BY occurred_at DESC, id DESC
            LIMIT @Limit OFFSET @Offset
            """, parameters, cancellationToken: cancellationToken));
        return new Page<AuditEntry>(items.ToList(), pageNumber, PageSize, total);
    }

    /// <summary>The distinct entity names in a partnership's trail, for the filter list.</summary>
    public async Task<IReadOnlyList<string>> GetEntitiesForPartnershipAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT DISTINCT entity FROM audit_log WHERE partnership_id = @partnershipId AND {database.Dialect.IsIn("partnership_id", "@Allowed")} ORDER BY entity",
            new { partnershipId, Allowed = scope.PartnershipIds }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
