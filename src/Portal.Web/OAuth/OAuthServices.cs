using Microsoft.Extensions.Options;
using OpenIddict.Server;
using Portal.Data.ErpClients;
using Portal.Web.Hosting;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Portal.Web.OAuth;

public static class OAuthServices
{
    public const string TokenEndpoint = "/connect/token";

    /// <summary>
    /// ERP systems get access tokens by OAuth2 client credentials at <see cref="TokenEndpoint"/>, and the gRPC services
    /// validate them in-process. OpenIddict answers the token endpoint from inside UseAuthentication, so no endpoint is mapped.
    /// </summary>
    public static IServiceCollection AddPortalOAuth(this IServiceCollection services, PortalOptions options)
    {
        services.AddSingleton<SigningKeyStore>();
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, SigningKeyConfiguration>();
        services.AddOpenIddict()
            .AddServer(server =>
            {
                // No OpenIddict stores: clients live in erp_clients and ErpClientAuthentication checks them.
                server.EnableDegradedMode();
                server.SetTokenEndpointUris(TokenEndpoint);
                server.AllowClientCredentialsFlow();
                server.RegisterScopes([.. ErpScopes.All]);
                // ErpClientAuthentication checks client secrets (basic or post) and ERP scopes only: OpenIddict's
                // defaults would accept and advertise signed client assertions and the OpenID Connect scope as well.
                server.Configure(o =>
                {
                    o.Scopes.Remove(Scopes.OpenId);
                    o.ClientAuthenticationMethods.Remove(ClientAuthenticationMethods.PrivateKeyJwt);
                    o.ClientAssertionTypes.Clear();
                });
                // Tokens are issued on the web port and validated on the gRPC port and by other nodes: one fixed issuer.
                server.SetIssuer(new Uri(options.Tokens.Issuer));
                server.SetAccessTokenLifetime(TimeSpan.FromMinutes(options.Tokens.AccessTokenLifetimeMinutes));
                // Plain signed JWTs, so that ERP tooling can read what it was granted.
                server.DisableAccessTokenEncryption();
                // OpenIddict requires an encryption key, but nothing issued here is encrypted, so a per-node key is harmless.
                server.AddEphemeralEncryptionKey();
                server.AddEventHandler(ErpClientAuthentication.Descriptor);
                server.AddEventHandler(ErpAccessTokenIssuer.Descriptor);
                server.AddEventHandler(DiscoveryDocument.Descriptor);
                // Plain HTTP is accepted because in production TLS terminates at the reverse proxy in front of the nodes.
                server.UseAspNetCore().DisableTransportSecurityRequirement();
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.AddAudiences(options.Tokens.Audience);
                validation.UseAspNetCore();
            });
        return services;
    }
}
