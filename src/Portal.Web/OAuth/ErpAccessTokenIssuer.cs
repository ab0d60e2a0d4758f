using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using Portal.Grpc.Auth;
using Portal.Web.Hosting;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Portal.Web.OAuth;

/// <summary>Turns an authenticated ERP client into the access token's claims; OpenIddict signs and returns it.</summary>
public sealed class ErpAccessTokenIssuer(PortalOptions options) : IOpenIddictServerHandler<HandleTokenRequestContext>
{
    /// <summary>Lets a gRPC call or an ERP's logs tell which partnership a token belongs to without a lookup.</summary>
    public const string PartnershipIdClaim = "partnership_id";

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleTokenRequestContext>()
            .UseSingletonHandler<ErpAccessTokenIssuer>()
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleTokenRequestContext context)
    {
        var (client, secretGeneration, scopes) = context.Transaction.GetProperty<AuthenticatedErpClient>(AuthenticatedErpClient.TransactionProperty)
            ?? throw new InvalidOperationException("The token request reached issuance without an authenticated ERP client.");
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, client.ClientId)
            .SetClaim(Claims.ClientId, client.ClientId)
            .SetClaim(PartnershipIdClaim, client.PartnershipId)
            .SetClaim(ErpCallerResolver.SecretGenerationClaim, secretGeneration);
        identity.SetScopes(scopes);
        identity.SetAudiences(options.Tokens.Audience);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        context.SignIn(new ClaimsPrincipal(identity));
        return ValueTask.CompletedTask;
    }
}
