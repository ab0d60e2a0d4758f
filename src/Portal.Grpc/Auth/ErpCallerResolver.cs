using Grpc.Core;
using OpenIddict.Abstractions;
using Portal.Data.Tenancy;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Portal.Grpc.Auth;

/// <summary>
/// Resolves the calling ERP client's scope from the database on every call, not from the token alone, so that
/// revoking a client shuts it out at once even while its last token has not expired.
/// </summary>
public sealed class ErpCallerResolver(ScopeStore scopes)
{
    public async Task<CallerScope> RequireAsync(ServerCallContext context)
    {
        var clientId = context.GetHttpContext().User.GetClaim(Claims.ClientId);
        var scope = clientId is null ? null : await scopes.ForErpClientAsync(clientId, context.CancellationToken);
        return scope ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "The client is unknown or has been revoked."));
    }
}
