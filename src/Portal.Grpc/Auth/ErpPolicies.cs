using Microsoft.AspNetCore.Authorization;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;
using Portal.Data.ErpClients;

namespace Portal.Grpc.Auth;

/// <summary>
/// What a gRPC call needs: a valid access token from our token endpoint (never the people's cookie) carrying a scope.
/// No or a bad token fails authentication (UNAUTHENTICATED); a good token without the scope is forbidden (PERMISSION_DENIED).
/// </summary>
public static class ErpPolicies
{
    public const string Read = "erp-read";
    public const string Sync = "erp-sync";

    internal static AuthorizationBuilder AddErpPolicies(this AuthorizationBuilder builder) =>
        builder.AddPolicy(Read, RequireScope(ErpScopes.Read)).AddPolicy(Sync, RequireScope(ErpScopes.Sync));

    private static AuthorizationPolicy RequireScope(string scope) => new AuthorizationPolicyBuilder(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
        .RequireAuthenticatedUser()
        .RequireAssertion(context => context.User.HasScope(scope))
        .Build();
}
