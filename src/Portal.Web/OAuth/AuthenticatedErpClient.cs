using Portal.Data.ErpClients;

namespace Portal.Web.OAuth;

/// <summary>
/// What <see cref="ErpClientAuthentication"/> established about a token request, for <see cref="ErpAccessTokenIssuer"/>:
/// the client, the generation of the secret it presented and the scopes granted.
/// </summary>
public sealed record AuthenticatedErpClient(ErpClient Client, long SecretGeneration, IReadOnlyList<string> Scopes)
{
    public const string TransactionProperty = "portal:erp-client";
}
