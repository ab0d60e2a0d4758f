using System.Globalization;
using Grpc.Core;
using OpenIddict.Abstractions;
using Portal.Data.Tenancy;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Portal.Grpc.Auth;

/// <summary>
/// Resolves the calling ERP client's scope from the database on every call, not from the token alone, so that
/// revoking a client, or rotating its secret, shuts out the tokens issued before at once, even unexpired ones.
/// </summary>
public sealed class ErpCallerResolver(ScopeStore scopes)
{
    /// <summary>The generation of the client secret that the token was issued to (see ErpClient.SecretGeneration).</summary>
    public const string SecretGenerationClaim = "secret_generation";

    public async Task<CallerScope> RequireAsync(ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        var clientId = user.GetClaim(Claims.ClientId);
        var scope = clientId is not null && long.TryParse(user.GetClaim(SecretGenerationClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var generation)
            ? await scopes.ForErpTokenAsync(clientId, generation, context.CancellationToken)
            : null;
        return scope ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "The client is unknown, revoked, or its secret was rotated since the token was issued."));
    }
}
