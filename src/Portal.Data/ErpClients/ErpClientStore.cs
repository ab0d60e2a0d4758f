using Dapper;
using Portal.Data.Audit;
using Portal.Data.Database;
using Portal.Data.Tenancy;
using Portal.Data.Users;

namespace Portal.Data.ErpClients;

public sealed class ErpClientStore(PortalDatabase database, AuditTrail audit, TimeProvider clock)
{
    private const string Columns = "id, client_id, partnership_id, display_name, secret_hash, scopes, created_at, revoked_at";

    /// <summary>For the token endpoint: the client whose credentials are presented, if it exists and is not revoked.</summary>
    public async Task<ErpClient?> FindActiveAsync(string clientId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ErpClient>(new CommandDefinition(
            $"SELECT {Columns} FROM erp_clients WHERE client_id = @clientId AND revoked_at IS NULL", new { clientId }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<ErpClient>> ListForPartnershipAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ErpClient>(new CommandDefinition(
            $"SELECT {Columns} FROM erp_clients WHERE partnership_id = @partnershipId AND {database.Dialect.IsIn("partnership_id", "@Allowed")} ORDER BY created_at",
            new { partnershipId, Allowed = scope.PartnershipIds }, cancellationToken: cancellationToken));
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
            var client = await Constraints.MapDuplicateAsync("This client id is taken.", () => connection.QuerySingleAsync<ErpClient>(
                $"""
                INSERT INTO erp_clients (client_id, partnership_id, display_name, secret_hash, scopes, created_at)
                VALUES (@ClientId, @partnershipId, @DisplayName, @SecretHash, @Scopes, @CreatedAt)
                RETURNING {Columns}
                """,
                new
                {
                    ClientId = clientId ?? $"erp-{Guid.NewGuid():N}"[..20], partnershipId, DisplayName = displayName.Trim(),
                    SecretHash = SecretHasher.Hash(secret), Scopes = string.Join(' ', scopes.Distinct()), CreatedAt = clock.GetUtcNow(),
                }, transaction));
            await audit.RecordAsync(connection, transaction, scope, partnershipId, "ErpClient", client.Id, "Created", null,
                new { client.ClientId, client.DisplayName, client.Scopes });
            return new IssuedErpClient(client, secret);
        }, cancellationToken);
    }

    /// <summary>ERP credentials open a customer's data to a machine: only admins and the account leads of either side issue them.</summary>
    private static void RequireConnectionManager(CallerScope scope)
    {
        if (!scope.IsAdmin && scope.Kind != ActorKind.System && scope.Role is not (PortalRole.AccountLead or PortalRole.CustomerLead))
        {
            throw new ScopeException("Only admins and account leads manage ERP connections.");
        }
    }
}
