using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Database;
using Portal.Data.ErpClients;
using Portal.Data.Tenancy;
using Portal.Web.Seed;

namespace Portal.Web.Tests.Infrastructure;

/// <summary>ERP clients that a test makes for itself, so that changing them never disturbs another test on the shared portal.</summary>
public static class TestErpClients
{
    /// <summary>A new client of Nordlab's partnership with exactly <paramref name="scopes"/>, created as an account lead would.</summary>
    public static async Task<IssuedErpClient> CreateAsync(this PortalFactory portal, params string[] scopes)
    {
        var nordlab = await portal.Services.GetRequiredService<ScopeStore>().ForErpClientAsync(DemoData.Nordlab.ErpClientId, TestContext.Current.CancellationToken)
            ?? throw new InvalidOperationException("The demo seed has no Nordlab ERP client.");
        var partnershipId = nordlab.PartnershipIds.Single();
        var issued = await portal.Services.GetRequiredService<ErpClientStore>().CreateAsync(
            CallerScope.ForSystem("test", partnershipId), partnershipId, $"Test client {Guid.NewGuid():N}", scopes,
            cancellationToken: TestContext.Current.CancellationToken);
        return issued ?? throw new InvalidOperationException("The client was not created.");
    }

    // ErpClientStore has no revocation yet (the ERP-connection pages will add it); until then tests revoke in SQL.
    public static async Task RevokeAsync(this PortalFactory portal, string clientId)
    {
        var database = portal.Services.GetRequiredService<PortalDatabase>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync("UPDATE erp_clients SET revoked_at = @Now WHERE client_id = @clientId",
            new { Now = DateTimeOffset.UtcNow, clientId });
    }
}
