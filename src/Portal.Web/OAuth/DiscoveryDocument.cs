using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlers.Discovery;

namespace Portal.Web.OAuth;

/// <summary>
/// Trims the discovery document (/.well-known/openid-configuration) to what the token endpoint really does: client
/// credentials with a client secret, for the ERP scopes, as signed JWT access tokens. OpenIddict would also describe an
/// OpenID Connect provider (identity tokens, subjects, prompts, request objects) that this server is not, and ERP
/// tooling that reads the document would then try them.
/// </summary>
public sealed class DiscoveryDocument : IOpenIddictServerHandler<HandleConfigurationRequestContext>
{
    private static readonly string[] ProviderOnlyMetadata =
    [
        Metadata.ClaimsParameterSupported, Metadata.RequestParameterSupported, Metadata.RequestUriParameterSupported,
        Metadata.AuthorizationResponseIssParameterSupported,
    ];

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
            .UseSingletonHandler<DiscoveryDocument>()
            .SetOrder(AttachAdditionalMetadata.Descriptor.Order + 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleConfigurationRequestContext context)
    {
        context.IdTokenSigningAlgorithms.Clear();
        context.SubjectTypes.Clear();
        context.PromptValues.Clear();
        // OpenIddict lists the registered claims of identity tokens; access tokens are described by the README.
        context.Claims.Clear();
        foreach (var name in ProviderOnlyMetadata)
        {
            context.Metadata.Remove(name);
        }
        return ValueTask.CompletedTask;
    }
}
