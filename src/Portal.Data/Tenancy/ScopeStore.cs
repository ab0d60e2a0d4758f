using Dapper;
using Portal.Data.Database;
using Portal.Data.Users;

namespace Portal.Data.Tenancy;

/// <summary>Resolves a caller's scope from the database, so that a change of assignment takes effect at once.</summary>
public sealed class ScopeStore(PortalDatabase database, TimeProvider clock)
{
    /// <summary>Null when the user does not exist or is deactivated: such a caller sees nothing.</summary>
    public async Task<CallerScope?> ForUserAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var user = await connection.QuerySingleOrDefaultAsync<(long Id, string DisplayName, long OrganisationId, string Role, bool IsActive, string Kind, string TimeZone)>(new CommandDefinition(
            """
            SELECT u.id, u.display_name, u.organisation_id, u.role, u.is_active, o.kind, COALESCE(u.time_zone, o.time_zone)
            FROM users u JOIN organisations o ON o.id = u.organisation_id
            WHERE u.id = @userId
            """, new { userId }, cancellationToken: cancellationToken));
        if (user.Id == 0 || !user.IsActive)
        {
            return null;
        }
        var role = Enum.Parse<PortalRole>(user.Role);
        var isSupplier = user.Kind == "Supplier";
        var sql = role == PortalRole.Admin
            ? "SELECT id FROM partnerships ORDER BY name"
            : isSupplier
                ? "SELECT p.id FROM partnerships p JOIN partnership_members m ON m.partnership_id = p.id WHERE m.user_id = @userId ORDER BY p.name"
                : "SELECT id FROM partnerships WHERE customer_org_id = @OrganisationId ORDER BY name";
        var ids = (await connection.QueryAsync<long>(new CommandDefinition(sql, new { userId, user.OrganisationId }, cancellationToken: cancellationToken))).ToList();
        return new CallerScope
        {
            Kind = ActorKind.User,
            ActorId = user.Id,
            ActorName = user.DisplayName,
            OrganisationId = user.OrganisationId,
            IsSupplier = isSupplier,
            IsAdmin = role == PortalRole.Admin,
            Role = role,
            PartnershipIds = ids,
            TimeZone = user.TimeZone,
        };
    }

    /// <summary>Null when the client is unknown or revoked. An ERP client sees its one partnership.</summary>
    public Task<CallerScope?> ForErpClientAsync(string clientId, CancellationToken cancellationToken = default) =>
        ForErpClientAsync("", new { clientId }, cancellationToken);

    /// <summary>
    /// For a call with an access token issued to the client's secret of <paramref name="secretGeneration"/>: null,
    /// as for a revoked client, once that secret is refused, that is once it is neither the current secret nor the
    /// previous one within its grace period. A rotation without grace thus ends the old secret's tokens at once.
    /// </summary>
    public Task<CallerScope?> ForErpTokenAsync(string clientId, long secretGeneration, CancellationToken cancellationToken = default) =>
        ForErpClientAsync(
            """
            AND (c.secret_generation = @secretGeneration
                 OR (c.secret_generation = @secretGeneration + 1 AND c.previous_secret_hash IS NOT NULL AND c.previous_secret_expires_at > @now))
            """, new { clientId, secretGeneration, now = clock.GetUtcNow() }, cancellationToken);

    private async Task<CallerScope?> ForErpClientAsync(string secretCondition, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var client = await connection.QuerySingleOrDefaultAsync<(long Id, string DisplayName, long PartnershipId, long CustomerOrgId)>(new CommandDefinition(
            $"""
            SELECT c.id, c.display_name, c.partnership_id, p.customer_org_id
            FROM erp_clients c JOIN partnerships p ON p.id = c.partnership_id
            WHERE c.client_id = @clientId AND c.revoked_at IS NULL {secretCondition}
            """, parameters, cancellationToken: cancellationToken));
        if (client.Id == 0)
        {
            return null;
        }
        return new CallerScope
        {
            Kind = ActorKind.ErpClient,
            ActorId = client.Id,
            ActorName = client.DisplayName,
            OrganisationId = client.CustomerOrgId,
            PartnershipIds = [client.PartnershipId],
        };
    }
}
