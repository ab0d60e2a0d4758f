using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace Portal.Web.OAuth;

/// <summary>
/// Hands the shared signing key to OpenIddict. Options are built on first use (the first token request or
/// validation), which is after start-up has migrated the database that may hold the key.
/// </summary>
public sealed class SigningKeyConfiguration(SigningKeyStore keys) : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        // Options are built synchronously and only once per process.
        var key = keys.GetOrCreateAsync().GetAwaiter().GetResult();
        options.SigningCredentials.Add(new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
    }
}
