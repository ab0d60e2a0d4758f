using System.Data.Common;
using Dapper;
using Portal.Data.Changes;
using Portal.Data.Database;
using Portal.Data.Organisations;
using Portal.Data.Tenancy;

namespace Portal.Data.Partnerships;

public sealed class PartnershipStore(PortalDatabase database, ChangeRecorder changes, TimeProvider clock)
{
    private const string Select = """
        SELECT p.id, p.supplier_org_id, p.customer_org_id, p.name, c.name AS customer_name, s.name AS supplier_name,
               p.currency, p.code, p.supplier_lead_user_id, sl.display_name AS supplier_lead_name,
               p.customer_lead_user_id, cl.display_name AS customer_lead_name, p.created_at
        FROM partnerships p
        JOIN organisations c ON c.id = p.customer_org_id
        JOIN organisations s ON s.id = p.supplier_org_id
        LEFT JOIN users sl ON sl.id = p.supplier_lead_user_id
        LEFT JOIN users cl ON cl.id = p.customer_lead_user_id
        """;

    public async Task<IReadOnlyList<Partnership>> GetVisibleAsync(CallerScope scope, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Partnership>(new CommandDefinition(
            $"{Select} WHERE {database.Dialect.IsIn("p.id", "@Allowed")} ORDER BY p.name", new { Allowed = scope.PartnershipIds }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    public const int PageSize = 24;

    /// <summary>One page of the partnerships the caller may see, by name: a supplier gains a partnership with every customer.</summary>
    public async Task<Page<Partnership>> GetVisiblePageAsync(CallerScope scope, int pageNumber, CancellationToken cancellationToken = default)
    {
        pageNumber = Math.Max(1, pageNumber);
        var visible = database.Dialect.IsIn("p.id", "@Allowed");
        var parameters = new { Allowed = scope.PartnershipIds, Limit = PageSize, Offset = (long)(pageNumber - 1) * PageSize };
        await using var connection = await database.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM partnerships p WHERE {visible}", parameters, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<Partnership>(new CommandDefinition(
            $"{Select} WHERE {visible} ORDER BY p.name, p.id LIMIT @Limit OFFSET @Offset", parameters, cancellationToken: cancellationToken));
        return new Page<Partnership>(rows.ToList(), pageNumber, PageSize, total);
    }

    /// <summary>Null when the partnership does not exist or is outside the caller's scope (never "forbidden").</summary>
    public async Task<Partnership?> GetAsync(CallerScope scope, long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await GetAsync(connection, null, scope, id, cancellationToken);
    }

    public Task<Partnership> CreateAsync(CallerScope scope, PartnershipInput input, CancellationToken cancellationToken = default)
    {
        OrganisationStore.RequireAdmin(scope);
        return database.InTransactionAsync(async (connection, transaction) =>
        {
            await RequireValidInputAsync(connection, transaction, input, cancellationToken);
            var id = await Constraints.MapDuplicateAsync("This customer already has a partnership.", () =>
                connection.QuerySingleAsync<long>(new CommandDefinition(
                    """
                    INSERT INTO partnerships (supplier_org_id, customer_org_id, name, code, currency, supplier_lead_user_id, customer_lead_user_id, created_at)
                    VALUES ((SELECT id FROM organisations WHERE kind = 'Supplier'), @CustomerOrgId, @Name,
                        (SELECT upper(substr(trim(name), 1, 3)) FROM organisations WHERE id = @CustomerOrgId), @Currency, @SupplierLeadUserId, @CustomerLeadUserId, @CreatedAt)
                    RETURNING id
                    """, new { input.CustomerOrgId, Name = input.Name.Trim(), Currency = input.Currency.ToUpperInvariant(), input.SupplierLeadUserId, input.CustomerLeadUserId, CreatedAt = clock.GetUtcNow() }, transaction, cancellationToken: cancellationToken)));
            await EnsureLeadIsMemberAsync(connection, transaction, id, input.SupplierLeadUserId, cancellationToken);
            // The admin's scope was resolved before the partnership existed.
            var created = (await GetAsync(connection, transaction, scope with { PartnershipIds = [.. scope.PartnershipIds, id] }, id, cancellationToken))!;
            await changes.RecordAsync(connection, transaction, scope, ChangeKinds.Partnership.Of(id, id, PartnershipChange.Created, null, created), cancellationToken);
            return created;
        }, cancellationToken);
    }

    public Task<Partnership?> UpdateAsync(CallerScope scope, long id, PartnershipInput input, CancellationToken cancellationToken = default)
    {
        OrganisationStore.RequireAdmin(scope);
        return database.InTransactionAsync(async (connection, transaction) =>
        {
            var before = await GetAsync(connection, transaction, scope, id, cancellationToken);
            if (before is null)
            {
                return null;
            }
            await RequireValidInputAsync(connection, transaction, input with { CustomerOrgId = before.CustomerOrgId }, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE partnerships SET name = @Name, currency = @Currency, supplier_lead_user_id = @SupplierLeadUserId, customer_lead_user_id = @CustomerLeadUserId
                WHERE id = @id
                """, new { id, Name = input.Name.Trim(), Currency = input.Currency.ToUpperInvariant(), input.SupplierLeadUserId, input.CustomerLeadUserId }, transaction, cancellationToken: cancellationToken));
            await EnsureLeadIsMemberAsync(connection, transaction, id, input.SupplierLeadUserId, cancellationToken);
            var after = await GetAsync(connection, transaction, scope, id, cancellationToken);
            await changes.RecordAsync(connection, transaction, scope, ChangeKinds.Partnership.Of(id, id, PartnershipChange.Updated, before, after), cancellationToken);
            return after;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<PartnershipMember>> GetSupplierMembersAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PartnershipMember>(new CommandDefinition(
            $"""
            SELECT u.id AS user_id, u.display_name, u.email, u.role
            FROM partnership_members m JOIN users u ON u.id = m.user_id
            WHERE m.partnership_id = @partnershipId AND {database.Dialect.IsIn("m.partnership_id", "@Allowed")}
            ORDER BY u.display_name
            """, new { partnershipId, Allowed = scope.PartnershipIds }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// <summary>Assigns supplier staff (not admins, who see everything anyway) to a partnership.</summary>
    public Task<bool> AssignMemberAsync(CallerScope scope, long partnershipId, long userId, CancellationToken cancellationToken = default)
    {
        OrganisationStore.RequireAdmin(scope);
        return database.InTransactionAsync(async (connection, transaction) =>
        {
            var isSupplierStaff = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT COUNT(*) > 0 FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = @userId AND o.kind = 'Supplier'",
                new { userId }, transaction, cancellationToken: cancellationToken));
            if (!isSupplierStaff || await GetAsync(connection, transaction, scope, partnershipId, cancellationToken) is null)
            {
                return false;
            }
            var added = await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO partnership_members (partnership_id, user_id) VALUES (@partnershipId, @userId) ON CONFLICT DO NOTHING",
                new { partnershipId, userId }, transaction, cancellationToken: cancellationToken));
            if (added > 0)
            {
                await changes.RecordAsync(connection, transaction, scope,
                    ChangeKinds.PartnershipMember.Of(partnershipId, userId, PartnershipMemberChange.Assigned, null, new PartnershipMembership(partnershipId, userId)), cancellationToken);
            }
            return true;
        }, cancellationToken);
    }

    public Task<bool> UnassignMemberAsync(CallerScope scope, long partnershipId, long userId, CancellationToken cancellationToken = default)
    {
        OrganisationStore.RequireAdmin(scope);
        return database.InTransactionAsync(async (connection, transaction) =>
        {
            var removed = await connection.ExecuteAsync(new CommandDefinition(
                """
                DELETE FROM partnership_members WHERE partnership_id = @partnershipId AND user_id = @userId
                  AND user_id NOT IN (SELECT supplier_lead_user_id FROM partnerships WHERE id = @partnershipId AND supplier_lead_user_id IS NOT NULL)
                """, new { partnershipId, userId }, transaction, cancellationToken: cancellationToken));
            if (removed > 0)
            {
                await changes.RecordAsync(connection, transaction, scope,
                    ChangeKinds.PartnershipMember.Of(partnershipId, userId, PartnershipMemberChange.Unassigned, new PartnershipMembership(partnershipId, userId), null), cancellationToken);
            }
            return removed > 0;
        }, cancellationToken);
    }

    private async Task<Partnership?> GetAsync(DbConnection connection, DbTransaction? transaction, CallerScope scope, long id, CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<Partnership>(new CommandDefinition(
            $"{Select} WHERE p.id = @id AND {database.Dialect.IsIn("p.id", "@Allowed")}", new { id, Allowed = scope.PartnershipIds }, transaction, cancellationToken: cancellationToken));

    private static async Task RequireValidInputAsync(DbConnection connection, DbTransaction transaction, PartnershipInput input, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(input.Name)) errors["Name"] = "Give the partnership a name.";
        else if (input.Name.Trim().Length > 120) errors["Name"] = "Keep the name under 120 characters.";
        if (input.Currency.Length != 3 || !input.Currency.All(char.IsAsciiLetter)) errors["Currency"] = "Use a three-letter ISO currency code such as EUR.";
        var customerKind = await connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT kind FROM organisations WHERE id = @CustomerOrgId", new { input.CustomerOrgId }, transaction, cancellationToken: cancellationToken));
        if (customerKind != "Customer") errors["CustomerOrgId"] = "Choose a customer organisation.";
        if (input.SupplierLeadUserId is { } supplierLead &&
            await connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT u.role FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = @supplierLead AND o.kind = 'Supplier' AND u.is_active = TRUE", new { supplierLead }, transaction, cancellationToken: cancellationToken)) is null)
        {
            errors["SupplierLeadUserId"] = "The supplier's account lead must be an active supplier user.";
        }
        if (input.CustomerLeadUserId is { } customerLead &&
            await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT organisation_id FROM users WHERE id = @customerLead AND is_active = TRUE", new { customerLead }, transaction, cancellationToken: cancellationToken)) != input.CustomerOrgId)
        {
            errors["CustomerLeadUserId"] = "The customer's account lead must be an active user of that customer.";
        }
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
    }

    private static Task EnsureLeadIsMemberAsync(DbConnection connection, DbTransaction transaction, long partnershipId, long? supplierLeadUserId, CancellationToken cancellationToken) =>
        supplierLeadUserId is { } userId
            ? connection.ExecuteAsync(new CommandDefinition("INSERT INTO partnership_members (partnership_id, user_id) VALUES (@partnershipId, @userId) ON CONFLICT DO NOTHING", new { partnershipId, userId }, transaction, cancellationToken: cancellationToken))
            : Task.CompletedTask;
}
