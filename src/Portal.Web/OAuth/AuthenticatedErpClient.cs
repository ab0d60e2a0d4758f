using Portal.Data.ErpClients;

namespace Portal.Web.OAuth;

/// <summary>What <see cref="ErpClientAuthentication"/> established about a token request, for <see cref="ErpAccessTokenIssuer"/>.</summary>
public sealed record AuthenticatedErpClient(ErpClient Client, IReadOnlyList<string> Scopes)
{
    public const string TransactionProperty = "portal:erp-client";
}
