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

    /// <summary>Revokes one of Nordlab's clients through the store, as an account lead would on the ERP connections page.</summary>
    public static async Task RevokeAsync(this PortalFactory portal, string clientId)
    {
        var partnershipId = await NordlabPartnershipIdAsync(portal);
        var revoked = await portal.Services.GetRequiredService<ErpClientStore>().RevokeAsync(
            CallerScope.ForSystem("test", partnershipId), partnershipId, clientId, TestContext.Current.CancellationToken);
        Assert.NotNull(revoked);
    }

    /// <summary>Rotates one of Nordlab's clients through the store; the new secret is in the answer.</summary>
    public static async Task<IssuedErpClient> RotateAsync(this PortalFactory portal, string clientId, TimeSpan grace)
    {
        var partnershipId = await NordlabPartnershipIdAsync(portal);
        var rotated = await portal.Services.GetRequiredService<ErpClientStore>().RotateSecretAsync(
            CallerScope.ForSystem("test", partnershipId), partnershipId, clientId, grace, TestContext.Current.CancellationToken);
        return rotated ?? throw new InvalidOperationException("The client was not rotated.");
    }

    private static async Task<long> NordlabPartnershipIdAsync(PortalFactory portal)
    {
        var database = portal.Services.GetRequiredService<PortalDatabase>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT partnership_id FROM erp_clients WHERE client_id = @ErpClientId", new { DemoData.Nordlab.ErpClientId });
    }
}
