using System.Data.Common;
using Dapper;

namespace Portal.Data.Partnerships;

/// <summary>An active person who can see a partnership: the customer's people, assigned supplier staff and supplier admins.</summary>
public sealed record PartnershipPerson
{
    public long UserId { get; init; }
    public required string DisplayName { get; init; }
    public required string Email { get; init; }
    public Users.PortalRole Role { get; init; }
    public bool IsSupplier { get; init; }
}

public static class PartnershipPeople
{
    /// <summary>
    /// The same visibility rule as <see cref="Notifications.NotificationStore.NotifyAsync"/>. The caller must already
    /// have checked that it may see <paramref name="partnershipId"/>.
    /// </summary>
    public static async Task<IReadOnlyList<PartnershipPerson>> ListAsync(DbConnection connection, DbTransaction? transaction, long partnershipId, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<PartnershipPerson>(new CommandDefinition(
            """
            SELECT u.id AS user_id, u.display_name, u.email, u.role, o.kind = 'Supplier' AS is_supplier
            FROM users u
            JOIN organisations o ON o.id = u.organisation_id
            JOIN partnerships p ON p.id = @partnershipId
            WHERE u.is_active = TRUE
              AND (u.organisation_id = p.customer_org_id
                   OR (o.kind = 'Supplier' AND (u.role = 'Admin'
                        OR EXISTS (SELECT 1 FROM partnership_members m WHERE m.partnership_id = p.id AND m.user_id = u.id))))
            ORDER BY o.kind, u.display_name
            """, new { partnershipId }, transaction, cancellationToken: cancellationToken));
        return rows.ToList();
    }
}
