using System.Security.Cryptography;
using Dapper;
using Microsoft.IdentityModel.Tokens;
using Portal.Data.Database;
using Portal.Web.Hosting;

namespace Portal.Web.OAuth;

/// <summary>
/// The RSA key that signs access tokens. Every node must sign and verify with the same key, so it comes from
/// configuration or, when none is configured, from the database: the first node to need it generates it.
/// </summary>
public sealed class SigningKeyStore(PortalOptions options, PortalDatabase database, TimeProvider clock)
{
    public const string SharedKeyName = "oauth:signing-key";

    public async Task<RsaSecurityKey> GetOrCreateAsync(CancellationToken cancellationToken = default)
    {
        var pem = string.IsNullOrWhiteSpace(options.Tokens.SigningKeyPem)
            ? await ReadOrCreateSharedPemAsync(cancellationToken)
            : options.Tokens.SigningKeyPem;
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return new RsaSecurityKey(rsa);
    }

    private async Task<string> ReadOrCreateSharedPemAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var stored = await ReadAsync();
        if (stored is not null)
        {
            return stored;
        }
        using var rsa = RSA.Create(2048);
        // Two nodes starting together may both get here: the first insert wins and both then use the stored key.
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO shared_keys (name, value, created_at) VALUES (@Name, @Value, @CreatedAt) ON CONFLICT (name) DO NOTHING",
            new { Name = SharedKeyName, Value = rsa.ExportPkcs8PrivateKeyPem(), CreatedAt = clock.GetUtcNow() }, cancellationToken: cancellationToken));
        return await ReadAsync() ?? throw new InvalidOperationException("The token signing key could not be stored.");

        Task<string?> ReadAsync() => connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT value FROM shared_keys WHERE name = @Name", new { Name = SharedKeyName }, cancellationToken: cancellationToken));
    }
}
