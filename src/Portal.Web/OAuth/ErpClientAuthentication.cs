using OpenIddict.Abstractions;
using OpenIddict.Server;
using Portal.Data.ErpClients;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Portal.Web.OAuth;

/// <summary>
/// Degraded mode leaves client authentication to us: the presented id and secret are checked against
/// erp_clients (revoked clients do not exist as far as tokens go; after a rotation the previous secret counts only while
/// its grace period lasts), and the requested scopes against the client's grant.
/// It runs after OpenIddict's own checks, so unknown scopes and other grant types are already refused.
/// </summary>
public sealed class ErpClientAuthentication(ErpClientStore clients) : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
            .UseSingletonHandler<ErpClientAuthentication>()
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        var match = context.ClientId is { Length: > 0 } clientId && context.ClientSecret is { Length: > 0 } secret
            ? await clients.AuthenticateAsync(clientId, secret, context.CancellationToken)
            : null;
        if (match is not { Client: var client })
        {
            context.Reject(Errors.InvalidClient, "The client credentials are invalid.");
            return;
        }
        var requested = context.Request.GetScopes();
        if (!requested.All(client.ScopeList.Contains))
        {
            context.Reject(Errors.InvalidScope, "The client was not granted every requested scope.");
            return;
        }
        // Asking for no scope means asking for everything the client was granted.
        var scopes = requested.IsEmpty ? client.ScopeList : [.. requested];
        context.Transaction.SetProperty(AuthenticatedErpClient.TransactionProperty, new AuthenticatedErpClient(client, match.SecretGeneration, scopes));
    }
}
