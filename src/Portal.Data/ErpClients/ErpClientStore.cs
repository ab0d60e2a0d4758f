using Dapper;
using Portal.Data.Changes;
using Portal.Data.Database;
using Portal.Data.Tenancy;

namespace Portal.Data.ErpClients;

public sealed class ErpClientStore(PortalDatabase database, ChangeRecorder changes, TimeProvider clock)
{
    private const string Columns = "id, client_id, partnership_id, display_name, secret_hash, scopes, created_at, revoked_at, previous_secret_hash, previous_secret_expires_at, secret_rotated_at, secret_generation";

    /// <summary>The longest time an old secret may keep working after a rotation.</summary>
    public static readonly TimeSpan MaxGrace = TimeSpan.FromDays(7);

    /// <summary>For the token endpoint: the client whose credentials are presented, if it exists and is not revoked.</summary>
    public async Task<ErpClient?> FindActiveAsync(string clientId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ErpClient>(new CommandDefinition(
            $"SELECT {Columns} FROM erp_clients WHERE client_id = @clientId AND revoked_at IS NULL", new { clientId }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// For the token endpoint: the active client whose current secret is <paramref name="secret"/>, or whose previous
    /// secret it is while that one's grace period lasts, with the generation of the secret that matched (the access
    /// token carries it). Null for anything else, including a revoked client.
    /// </summary>
    public async Task<ErpSecretMatch?> AuthenticateAsync(string clientId, string secret, CancellationToken cancellationToken = default)
    {
        if (secret.Length == 0 || await FindActiveAsync(clientId, cancellationToken) is not { } client)
        {
            return null;
        }
        if (SecretHasher.Verify(secret, client.SecretHash))
        {
            return new ErpSecretMatch(client, client.SecretGeneration);
        }
        return client.GraceEndsAfter(clock.GetUtcNow()) is not null && SecretHasher.Verify(secret, client.PreviousSecretHash!)
            ? new ErpSecretMatch(client, client.SecretGeneration - 1)
            : null;
    }

    /// <summary>
    /// How many connections a partnership's list shows. People create connections by hand, one per ERP system, so a
    /// partnership has a handful; revoked ones stay, and the cap keeps years of them from filling a page.
    /// </summary>
    public const int ConnectionsShown = 50;

    /// <summary>The partnership's clients, active ones first, then revoked ones, each oldest first, at most <see cref="ConnectionsShown"/>; only for those who manage connections.</summary>
    public async Task<IReadOnlyList<ErpClient>> ListForPartnershipAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken = default)
    {
        RequireConnectionManager(scope);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ErpClient>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM erp_clients WHERE partnership_id = @partnershipId AND {database.Dialect.IsIn("partnership_id", "@Allowed")}
            ORDER BY CASE WHEN revoked_at IS NULL THEN 0 ELSE 1 END, created_at, id
            LIMIT @Limit
            """, new { partnershipId, Allowed = scope.PartnershipIds, Limit = ConnectionsShown }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// <summary>
    /// Creates a client bound to one partnership. <paramref name="clientId"/> and <paramref name="secret"/> are
    /// generated when not given (the demo seed gives fixed ones so that the README can show them).
    /// </summary>
    public Task<IssuedErpClient?> CreateAsync(CallerScope scope, long partnershipId, string displayName, IReadOnlyList<string> scopes,
        string? clientId = null, string? secret = null, CancellationToken cancellationToken = default)
    {
        RequireConnectionManager(scope);
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(displayName) || displayName.Length > 100) errors["DisplayName"] = "Name the connection (up to 100 characters).";
        if (scopes.Count == 0 || scopes.Any(s => !ErpScopes.All.Contains(s))) errors["Scopes"] = $"Choose scopes among {string.Join(", ", ErpScopes.All)}.";
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
        return database.InTransactionAsync<IssuedErpClient?>(async (connection, transaction) =>
        {
            if (!scope.CanSee(partnershipId))
            {
                return null;
            }
            secret ??= SecretHasher.NewSecret();
            var client = await Constraints.MapDuplicateAsync("This client id is taken.", () => connection.QuerySingleAsync<ErpClient>(new CommandDefinition(
                $"""
                INSERT INTO erp_clients (client_id, partnership_id, display_name, secret_hash, scopes, created_at)
                VALUES (@ClientId, @partnershipId, @DisplayName, @SecretHash, @Scopes, @CreatedAt)
                RETURNING {Columns}
                """,
                new
                {
                    ClientId = clientId ?? $"erp-{Guid.NewGuid():N}"[..20], partnershipId, DisplayName = displayName.Trim(),
                    SecretHash = SecretHasher.Hash(secret), Scopes = string.Join(' ', scopes.Distinct()), CreatedAt = clock.GetUtcNow(),
                }, transaction, cancellationToken: cancellationToken)));
            await changes.RecordAsync(connection, transaction, scope, ChangeKinds.ErpClient.Of(partnershipId, client.Id, ErpClientChange.Created, null,
                new ErpClientTrailState(client.ClientId, client.DisplayName, client.Scopes)), cancellationToken);
            return new IssuedErpClient(client, secret);
        }, cancellationToken);
    }

    /// <summary>
    /// Replaces the client's secret with a new one, returned here and never again. The old secret, and the access
    /// tokens issued to it, keep working for <paramref name="grace"/> (0 to 7 days), then are refused; rotating again
    /// during a grace period ends the earlier secret at once (only the one before the current one is kept). Null when
    /// the client is not in the caller's scope.
    /// </summary>
    public Task<IssuedErpClient?> RotateSecretAsync(CallerScope scope, long partnershipId, string clientId, TimeSpan grace, CancellationToken cancellationToken = default)
    {
        RequireConnectionManager(scope);
        if (grace < TimeSpan.Zero || grace > MaxGrace)
        {
            throw new ValidationException(new Dictionary<string, string> { ["Grace"] = "Choose a grace period between none and 7 days." });
        }
        return database.InTransactionAsync<IssuedErpClient?>(async (connection, transaction) =>
        {
            var before = await FindInScopeAsync(connection, transaction, scope, partnershipId, clientId, cancellationToken);
            if (before is null)
            {
                return null;
            }
            if (before.IsRevoked)
            {
                throw new ValidationException(new Dictionary<string, string> { ["ClientId"] = "This connection is revoked; create a new one instead." });
            }
            var now = clock.GetUtcNow();
            var secret = SecretHasher.NewSecret();
            var graceEnds = grace > TimeSpan.Zero ? now + grace : (DateTimeOffset?)null;
            // The right-hand side of SET reads the row as it was, so previous_secret_hash takes the old secret_hash.
            var client = await connection.QuerySingleAsync<ErpClient>(new CommandDefinition(
                $"""
                UPDATE erp_clients
                SET previous_secret_hash = {(graceEnds is null ? "NULL" : "secret_hash")}, previous_secret_expires_at = @graceEnds,
                    secret_hash = @SecretHash, secret_rotated_at = @now, secret_generation = secret_generation + 1
                WHERE id = @Id
                RETURNING {Columns}
                """, new { graceEnds, SecretHash = SecretHasher.Hash(secret), now, before.Id }, transaction, cancellationToken: cancellationToken));
            await changes.RecordAsync(connection, transaction, scope, ChangeKinds.ErpClient.Of(partnershipId, client.Id, ErpClientChange.SecretRotated,
                new ErpClientTrailState(before.ClientId, SecretRotatedAt: before.SecretRotatedAt, PreviousSecretValidUntil: before.GraceEndsAfter(now)),
                new ErpClientTrailState(client.ClientId, SecretRotatedAt: client.SecretRotatedAt, PreviousSecretValidUntil: graceEnds)), cancellationToken);
            return new IssuedErpClient(client, secret);
        }, cancellationToken);
    }

    /// <summary>
    /// Revokes the client: its secrets are refused at once, and its unexpired tokens too (gRPC re-checks on every call).
    /// Revoking a revoked client changes nothing and returns it. Null when the client is not in the caller's scope.
    /// </summary>
    public Task<ErpClient?> RevokeAsync(CallerScope scope, long partnershipId, string clientId, CancellationToken cancellationToken = default)
    {
        RequireConnectionManager(scope);
        return database.InTransactionAsync<ErpClient?>(async (connection, transaction) =>
        {
            var before = await FindInScopeAsync(connection, transaction, scope, partnershipId, clientId, cancellationToken);
            if (before is null || before.IsRevoked)
            {
                return before;
            }
            var client = await connection.QuerySingleAsync<ErpClient>(new CommandDefinition(
                $"""
                UPDATE erp_clients SET revoked_at = @Now, previous_secret_hash = NULL, previous_secret_expires_at = NULL
                WHERE id = @Id AND revoked_at IS NULL
                RETURNING {Columns}
                """, new { Now = clock.GetUtcNow(), before.Id }, transaction, cancellationToken: cancellationToken));
            await changes.RecordAsync(connection, transaction, scope, ChangeKinds.ErpClient.Of(partnershipId, client.Id, ErpClientChange.Revoked,
                new ErpClientTrailState(before.ClientId, RevokedAt: before.RevokedAt), new ErpClientTrailState(client.ClientId, RevokedAt: client.RevokedAt)), cancellationToken);
            return client;
        }, cancellationToken);
    }

    private async Task<ErpClient?> FindInScopeAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, CallerScope scope, long partnershipId, string clientId, CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<ErpClient>(new CommandDefinition(
            $"SELECT {Columns} FROM erp_clients WHERE client_id = @clientId AND partnership_id = @partnershipId AND {database.Dialect.IsIn("partnership_id", "@Allowed")}{database.Dialect.ForUpdate}",
            new { clientId, partnershipId, Allowed = scope.PartnershipIds }, transaction, cancellationToken: cancellationToken));

    /// <summary>ERP credentials open a customer's data to a machine: only admins and the account leads of either side issue them.</summary>
    private static void RequireConnectionManager(CallerScope scope) => scope.Require(Permission.ManageErpConnections);
}
