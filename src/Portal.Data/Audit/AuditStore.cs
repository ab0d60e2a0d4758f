using Dapper;
using Portal.Data.Database;
using Portal.Data.Organisations;
using Portal.Data.Tenancy;

namespace Portal.Data.Audit;

public sealed class AuditStore(PortalDatabase database)
{
    public const int PageSize = 25;

    /// <summary>A partnership's trail, newest first. Empty for a partnership outside the scope.</summary>
    public async Task<Page<AuditEntry>> GetPageForPartnershipAsync(CallerScope scope, long partnershipId, AuditFilter filter, int pageNumber, int pageSize = PageSize,
        CancellationToken cancellationToken = default)
    {
        if (!scope.CanSee(partnershipId))
        {
            return new Page<AuditEntry>([], Math.Max(1, pageNumber), pageSize, 0);
        }
        return await PageAsync(ForPartnership, new { partnershipId, Allowed = scope.PartnershipIds }, filter, pageNumber, pageSize, cancellationToken);
    }

    /// <summary>
    /// The supplier-wide trail, for admins: changes that belong to no partnership (people, organisations, the equipment
    /// register), which no partnership's trail shows.
    /// </summary>
    public Task<Page<AuditEntry>> GetPageOutsidePartnershipsAsync(CallerScope scope, AuditFilter filter, int pageNumber, int pageSize = PageSize,
        CancellationToken cancellationToken = default)
    {
        OrganisationStore.RequireAdmin(scope);
        return PageAsync(OutsidePartnerships, new { }, filter, pageNumber, pageSize, cancellationToken);
    }

    /// <summary>The distinct entity names in a partnership's trail, for the filter list.</summary>
    public Task<IReadOnlyList<string>> GetEntitiesForPartnershipAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken = default) =>
        EntitiesAsync(ForPartnership, new { partnershipId, Allowed = scope.PartnershipIds }, cancellationToken);

    /// <summary>The distinct entity names of the supplier-wide trail, for admins.</summary>
    public Task<IReadOnlyList<string>> GetEntitiesOutsidePartnershipsAsync(CallerScope scope, CancellationToken cancellationToken = default)
    {
        OrganisationStore.RequireAdmin(scope);
        return EntitiesAsync(OutsidePartnerships, new { }, cancellationToken);
    }

    private string ForPartnership => $"partnership_id = @partnershipId AND {database.Dialect.IsIn("partnership_id", "@Allowed")}";

    private const string OutsidePartnerships = "partnership_id IS NULL";

    private async Task<Page<AuditEntry>> PageAsync(string scopeCondition, object scopeParameters, AuditFilter filter, int pageNumber, int pageSize, CancellationToken cancellationToken)
    {
        pageNumber = Math.Max(1, pageNumber);
        // Conditions are added only when set: PostgreSQL cannot type an untyped NULL parameter in "@p IS NULL".
        var where = new List<string> { scopeCondition };
        if (Blank(filter.Entity) is not null) where.Add("entity = @Entity");
        if (Blank(filter.Action) is not null) where.Add("action = @Action");
        if (Blank(filter.Actor) is not null) where.Add("lower(actor_name) LIKE @Actor");
        if (filter.From is not null) where.Add("occurred_at >= @From");
        if (filter.To is not null) where.Add("occurred_at < @To");
        var whereSql = "WHERE " + string.Join(" AND ", where);
        var parameters = new DynamicParameters(scopeParameters);
        parameters.AddDynamicParams(new
        {
            Entity = Blank(filter.Entity),
            Action = Blank(filter.Action),
            Actor = $"%{Blank(filter.Actor)?.ToLowerInvariant()}%",
            From = new DateTimeOffset((filter.From ?? DateOnly.MinValue).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            To = new DateTimeOffset((filter.To ?? DateOnly.MinValue).AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            Limit = pageSize,
            Offset = (long)(pageNumber - 1) * pageSize,
        });
        await using var connection = await database.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM audit_log {whereSql}", parameters, cancellationToken: cancellationToken));
        var items = await connection.QueryAsync<AuditEntry>(new CommandDefinition(
            $"""
            SELECT id, partnership_id, occurred_at, actor_kind, actor_id, actor_name, entity, entity_id, action, before_json, after_json, note
            FROM audit_log {whereSql}
            ORDER BY occurred_at DESC, id DESC
            LIMIT @Limit OFFSET @Offset
            """, parameters, cancellationToken: cancellationToken));
        return new Page<AuditEntry>(items.ToList(), pageNumber, pageSize, total);
    }

    private async Task<IReadOnlyList<string>> EntitiesAsync(string scopeCondition, object scopeParameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT DISTINCT entity FROM audit_log WHERE {scopeCondition} ORDER BY entity", scopeParameters, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
