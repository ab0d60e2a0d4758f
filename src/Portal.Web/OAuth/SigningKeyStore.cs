using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Portal.Data.SharedKeys;
using Portal.Web.Hosting;

namespace Portal.Web.OAuth;

/// <summary>
/// The RSA key that signs access tokens. Every node must sign and verify with the same key, so it comes from
/// configuration or, when none is configured, from the database: the first node to need it generates it.
/// </summary>
public sealed class SigningKeyStore(PortalOptions options, SharedKeyStore sharedKeys)
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
        if (await sharedKeys.ReadAsync(SharedKeyName, cancellationToken) is { } stored)
        {
            return stored;
        }
        using var rsa = RSA.Create(2048);
        // Two nodes starting together may both get here: the first insert wins and both then use the stored key.
        return await sharedKeys.AddIfAbsentAsync(SharedKeyName, rsa.ExportPkcs8PrivateKeyPem(), cancellationToken);
    }
}
