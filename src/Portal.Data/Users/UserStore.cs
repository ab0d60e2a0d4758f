using System.Data.Common;
using System.Net.Mail;
using Dapper;
using Portal.Data.Changes;
using Portal.Data.Database;
using Portal.Data.Organisations;
using Portal.Data.Tenancy;

namespace Portal.Data.Users;

/// <summary>
/// Persistence for sign-in (used by the Identity user store) and the management of people: admins
/// manage everyone; a customer lead manages the people of their own company only.
/// </summary>
public sealed class UserStore(PortalDatabase database, ChangeRecorder changes, TimeProvider clock)
{
    private const string Select = """
        SELECT u.id, u.organisation_id, o.name AS organisation_name, o.kind AS organisation_kind, u.email, u.normalized_email,
               u.display_name, u.role, u.password_hash, u.security_stamp, u.concurrency_stamp, u.is_active, u.lockout_enabled,
               u.lockout_end, u.access_failed_count, u.two_factor_enabled, u.authenticator_key, u.last_totp_step, u.created_at, u.time_zone
        FROM users u JOIN organisations o ON o.id = u.organisation_id
        """;

    public static string Normalize(string email) => email.Trim().ToUpperInvariant();

    public async Task<PortalUser?> FindByIdAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<PortalUser>(new CommandDefinition($"{Select} WHERE u.id = @id", new { id }, cancellationToken: cancellationToken));
    }

    public async Task<PortalUser?> FindByNormalizedEmailAsync(string normalizedEmail, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<PortalUser>(new CommandDefinition(
            $"{Select} WHERE u.normalized_email = @normalizedEmail", new { normalizedEmail }, cancellationToken: cancellationToken));
    }

    /// <summary>The id the next person added will most likely get: a stand-in invitation's link must look like a real one.</summary>
    public async Task<long> LikelyNextIdAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COALESCE(MAX(id), 0) + 1 FROM users", cancellationToken: cancellationToken));
    }

    /// <summary>Saves what sign-in changes (password, lockout, two-factor). False when someone else saved first.</summary>
    public async Task<bool> SaveSignInStateAsync(PortalUser user, string expectedConcurrencyStamp, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE users SET password_hash = @PasswordHash, security_stamp = @SecurityStamp, concurrency_stamp = @ConcurrencyStamp,
                   lockout_enabled = @LockoutEnabled, lockout_end = @LockoutEnd, access_failed_count = @AccessFailedCount,
                   two_factor_enabled = @TwoFactorEnabled, authenticator_key = @AuthenticatorKey,
                   -- the used step is owned by TryUseTotpStepAsync; only a new authenticator key forgets it
                   last_totp_step = CASE WHEN COALESCE(authenticator_key, '') = COALESCE(@AuthenticatorKey, '') THEN last_totp_step END
            WHERE id = @Id AND concurrency_stamp = @expectedConcurrencyStamp
            """,
            new
            {
                user.Id, user.PasswordHash, user.SecurityStamp, user.ConcurrencyStamp, user.LockoutEnabled, user.LockoutEnd,
                user.AccessFailedCount, user.TwoFactorEnabled, user.AuthenticatorKey, expectedConcurrencyStamp,
            }, cancellationToken: cancellationToken));
        return changed == 1;
    }

    /// <summary>Records a TOTP step as used, only if it is newer than the last one: two racing sign-ins cannot both win.</summary>
    public async Task<bool> TryUseTotpStepAsync(long userId, long step, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET last_totp_step = @step WHERE id = @userId AND (last_totp_step IS NULL OR last_totp_step < @step)",
            new { userId, step }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>The people the caller may manage: everyone for an admin, their own company for a customer lead.</summary>
    public async Task<IReadOnlyList<PortalUser>> ListManageableAsync(CallerScope scope, long? organisationId, CancellationToken cancellationToken = default)
    {
        RequireManager(scope);
        var orgFilter = scope.IsAdmin ? organisationId : scope.OrganisationId;
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PortalUser>(new CommandDefinition(
            orgFilter is null ? $"{Select} ORDER BY o.kind DESC, o.name, u.display_name" : $"{Select} WHERE u.organisation_id = @orgFilter ORDER BY u.display_name",
            new { orgFilter }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// <summary>One of the people the caller may manage; null for anyone else (another company's people for a customer lead).</summary>
    public async Task<PortalUser?> GetManageableAsync(CallerScope scope, long userId, CancellationToken cancellationToken = default)
    {
        RequireManager(scope);
        var orgFilter = scope.IsAdmin ? null : scope.OrganisationId;
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<PortalUser>(new CommandDefinition(
            orgFilter is null ? $"{Select} WHERE u.id = @userId" : $"{Select} WHERE u.id = @userId AND u.organisation_id = @orgFilter",
            new { userId, orgFilter }, cancellationToken: cancellationToken));
    }

    public const int PeoplePageSize = 25;

    /// <summary>
    /// One page of the people the caller manages (as <see cref="ListManageableAsync"/>), narrowed to names, e-mails or
    /// organisations that contain <paramref name="search"/>: the admin's list, which grows with every customer.
    /// </summary>
    public async Task<Page<PortalUser>> SearchManageableAsync(CallerScope scope, long? organisationId, string? search, int pageNumber,
        int pageSize = PeoplePageSize, CancellationToken cancellationToken = default)
    {
        RequireManager(scope);
        pageNumber = Math.Max(1, pageNumber);
        var orgFilter = scope.IsAdmin ? organisationId : scope.OrganisationId;
        var conditions = new List<string>();
        if (orgFilter is not null) conditions.Add("u.organisation_id = @orgFilter");
        if (!string.IsNullOrWhiteSpace(search)) conditions.Add("(lower(u.display_name) LIKE @Pattern OR lower(u.email) LIKE @Pattern OR lower(o.name) LIKE @Pattern)");
        var where = conditions.Count == 0 ? "" : $"WHERE {string.Join(" AND ", conditions)}";
        var parameters = new { orgFilter, Pattern = $"%{search?.Trim().ToLowerInvariant()}%", Limit = pageSize, Offset = (long)(pageNumber - 1) * pageSize };
        await using var connection = await database.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM users u JOIN organisations o ON o.id = u.organisation_id {where}", parameters, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<PortalUser>(new CommandDefinition(
            $"{Select} {where} ORDER BY o.kind DESC, o.name, u.display_name, u.id LIMIT @Limit OFFSET @Offset", parameters, cancellationToken: cancellationToken));
        return new Page<PortalUser>(rows.ToList(), pageNumber, pageSize, total);
    }

    /// <summary>
    /// Adds a person. A customer lead may only add customer roles to their own company. The password hash is
    /// null for an invitation (the person sets it from the link).
    /// </summary>
    public Task<PortalUser> CreateAsync(CallerScope scope, NewUser input, string? passwordHash, CancellationToken cancellationToken = default)
    {
        RequireManager(scope);
        return database.InTransactionAsync(async (connection, transaction) =>
        {
            var kind = await connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT kind FROM organisations WHERE id = @OrganisationId", new { input.OrganisationId }, transaction, cancellationToken: cancellationToken));
            var errors = Validate(input);
            if (kind is null || (!scope.IsAdmin && input.OrganisationId != scope.OrganisationId))
            {
                errors["OrganisationId"] = "Choose an organisation you manage.";
            }
            else if (!input.Role.FitsOrganisation(Enum.Parse<OrganisationKind>(kind)))
            {
                errors["Role"] = kind == "Supplier" ? "Choose a supplier role." : "Choose a customer role.";
            }
            if (errors.Count > 0)
            {
                throw new ValidationException(errors);
            }
            var id = await Constraints.MapDuplicateAsync("A user with this email already exists.", () =>
                connection.QuerySingleAsync<long>(new CommandDefinition(
                    """
                    INSERT INTO users (organisation_id, email, normalized_email, display_name, role, password_hash, security_stamp, concurrency_stamp, created_at)
                    VALUES (@OrganisationId, @Email, @NormalizedEmail, @DisplayName, @Role, @passwordHash, @SecurityStamp, @ConcurrencyStamp, @CreatedAt)
                    RETURNING id
                    """,
                    new
                    {
                        input.OrganisationId, Email = input.Email.Trim(), NormalizedEmail = Normalize(input.Email), DisplayName = input.DisplayName.Trim(),
                        Role = input.Role.ToString(), passwordHash, SecurityStamp = Guid.NewGuid().ToString("N"),
                        ConcurrencyStamp = Guid.NewGuid().ToString("N"), CreatedAt = clock.GetUtcNow(),
                    }, transaction, cancellationToken: cancellationToken)));
            var created = (await connection.QuerySingleAsync<PortalUser>(new CommandDefinition($"{Select} WHERE u.id = @id", new { id }, transaction, cancellationToken: cancellationToken)));
            var partnershipId = await PartnershipOfAsync(connection, transaction, input.OrganisationId, cancellationToken);
            await changes.RecordAsync(connection, transaction, scope, ChangeKinds.User.Of(partnershipId, id, UserChange.Created, null, UserTrailState.Of(created)), cancellationToken);
            return created;
        }, cancellationToken);
    }

    /// <summary>Deactivates or reactivates a person the caller manages; nobody deactivates themselves. Null when not theirs to manage.</summary>
    public Task<PortalUser?> SetActiveAsync(CallerScope scope, long userId, bool active, CancellationToken cancellationToken = default) =>
        ChangeAsync(scope, userId, active ? UserChange.Reactivated : UserChange.Deactivated,
            "UPDATE users SET is_active = @active, security_stamp = @Stamp WHERE id = @userId",
            new { userId, active, Stamp = Guid.NewGuid().ToString("N") }, cancellationToken);

    /// <summary>Changes a role within the person's side (supplier or customer).</summary>
    public Task<PortalUser?> ChangeRoleAsync(CallerScope scope, long userId, PortalRole role, CancellationToken cancellationToken = default) =>
        ChangeAsync(scope, userId, UserChange.RoleChanged,
            "UPDATE users SET role = @Role, security_stamp = @Stamp WHERE id = @userId",
            new { userId, Role = role.ToString(), Stamp = Guid.NewGuid().ToString("N") }, cancellationToken,
            user => role.FitsOrganisation(Enum.Parse<OrganisationKind>(user.OrganisationKind)) ? null : "That role belongs to the other side of the partnership.");

    private Task<PortalUser?> ChangeAsync(CallerScope scope, long userId, UserChange action, string sql, object parameters, CancellationToken cancellationToken, Func<PortalUser, string?>? rule = null)
    {
        RequireManager(scope);
        return database.InTransactionAsync(async (connection, transaction) =>
        {
            var before = await connection.QuerySingleOrDefaultAsync<PortalUser>(new CommandDefinition($"{Select} WHERE u.id = @userId", new { userId }, transaction, cancellationToken: cancellationToken));
            if (before is null || (!scope.IsAdmin && before.OrganisationId != scope.OrganisationId))
            {
                return null;
            }
            if (before.Id == scope.ActorId)
            {
                throw new ValidationException(new Dictionary<string, string> { ["UserId"] = "You cannot change your own account here." });
            }
            if (rule?.Invoke(before) is { } problem)
            {
                throw new ValidationException(new Dictionary<string, string> { ["Role"] = problem });
            }
            await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
            var after = await connection.QuerySingleAsync<PortalUser>(new CommandDefinition($"{Select} WHERE u.id = @userId", new { userId }, transaction, cancellationToken: cancellationToken));
            var partnershipId = await PartnershipOfAsync(connection, transaction, before.OrganisationId, cancellationToken);
            await changes.RecordAsync(connection, transaction, scope,
                ChangeKinds.User.Of(partnershipId, userId, action, UserTrailState.Of(before), UserTrailState.Of(after)), cancellationToken);
            return after;
        }, cancellationToken);
    }

    private static void RequireManager(CallerScope scope)
    {
        if (!scope.IsAdmin && scope.Role != PortalRole.CustomerLead)
        {
            throw new ScopeException("Only supplier admins and customer leads manage people.");
        }
    }

    private static Dictionary<string, string> Validate(NewUser input)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(input.DisplayName) || input.DisplayName.Length > 100) errors["DisplayName"] = "Enter the person's name (up to 100 characters).";
        if (input.Email.Length > 200 || !MailAddress.TryCreate(input.Email.Trim(), out var parsed) || parsed.Address != input.Email.Trim()) errors["Email"] = "Enter a valid email address.";
        return errors;
    }

    // A customer's users belong to exactly one partnership; supplier users to none in particular.
    private static Task<long?> PartnershipOfAsync(DbConnection connection, DbTransaction transaction, long organisationId, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT id FROM partnerships WHERE customer_org_id = @organisationId", new { organisationId }, transaction, cancellationToken: cancellationToken));
}
