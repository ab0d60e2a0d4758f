using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using Portal.Data.Database;
using Portal.Data.ErpClients;
using Portal.Erp.V1;
using Portal.Web.Seed;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Grpc;

/// <summary>Through the real token endpoint and the real pipeline: what an ERP system would experience.</summary>
public sealed class PartnershipsServiceTests(PortalHosts hosts)
{
    private static readonly DemoData.DemoCustomer Nordlab = DemoData.Nordlab;

    [Theory, OnBothDatabases]
    public async Task Each_demo_client_gets_its_own_partnership(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);

        var nordlab = await GetPartnershipAsync(portal, await portal.GetTokenAsync(Nordlab.ErpClientId, Nordlab.ErpSecret));
        var arcadia = await GetPartnershipAsync(portal, await portal.GetTokenAsync(DemoData.Arcadia.ErpClientId, DemoData.Arcadia.ErpSecret));

        Assert.Equal((Nordlab.PartnershipName, Nordlab.Name, DemoData.SupplierName, "EUR", "Alice Lindqvist", "Leo Nyström"),
            (nordlab.Name, nordlab.CustomerName, nordlab.SupplierName, nordlab.CurrencyCode, nordlab.SupplierLeadName, nordlab.CustomerLeadName));
        Assert.Equal((DemoData.Arcadia.PartnershipName, DemoData.Arcadia.Name, "USD", "Bruno Marchetti", "Lara Quinn"),
            (arcadia.Name, arcadia.CustomerName, arcadia.CurrencyCode, arcadia.SupplierLeadName, arcadia.CustomerLeadName));
        Assert.NotEqual(nordlab.Id, arcadia.Id);
    }

    [Theory, OnBothDatabases]
    public async Task A_client_asking_for_its_partnership_by_id_gets_it(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var token = await portal.GetTokenAsync(Nordlab.ErpClientId, Nordlab.ErpSecret);
        var own = await GetPartnershipAsync(portal, token);

        var byId = await GetPartnershipAsync(portal, token, own.Id);

        Assert.Equal(own, byId);
    }

    [Theory, OnBothDatabases]
    public async Task Another_customers_partnership_is_not_found(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var arcadia = await GetPartnershipAsync(portal, await portal.GetTokenAsync(DemoData.Arcadia.ErpClientId, DemoData.Arcadia.ErpSecret));
        var nordlabToken = await portal.GetTokenAsync(Nordlab.ErpClientId, Nordlab.ErpSecret);

        await AssertStatusAsync(StatusCode.NotFound, GetPartnershipAsync(portal, nordlabToken, arcadia.Id));
    }

    [Theory, OnBothDatabases]
    public async Task A_call_without_a_token_is_unauthenticated(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        using var channel = portal.CreateGrpcChannel();

        var call = new PartnershipsService.PartnershipsServiceClient(channel).GetPartnershipAsync(new GetPartnershipRequest(), cancellationToken: TestContext.Current.CancellationToken);

        await AssertStatusAsync(StatusCode.Unauthenticated, call.ResponseAsync);
    }

    [Theory, OnBothDatabases]
    public async Task A_token_without_the_read_scope_is_permission_denied(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var syncOnly = await portal.CreateAsync(ErpScopes.Sync);
        var token = await portal.GetTokenAsync(syncOnly.Client.ClientId, syncOnly.Secret);

        await AssertStatusAsync(StatusCode.PermissionDenied, GetPartnershipAsync(portal, token));
    }

    [Theory, OnBothDatabases]
    public async Task A_revoked_clients_unexpired_token_stops_working(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var client = await portal.CreateAsync(ErpScopes.Read);
        var token = await portal.GetTokenAsync(client.Client.ClientId, client.Secret);
        await GetPartnershipAsync(portal, token);

        await portal.RevokeAsync(client.Client.ClientId);

        await AssertStatusAsync(StatusCode.Unauthenticated, GetPartnershipAsync(portal, token));
    }

    [Theory, OnBothDatabases]
    public async Task A_token_with_a_tampered_signature_is_unauthenticated(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var token = await portal.GetTokenAsync(Nordlab.ErpClientId, Nordlab.ErpSecret);

        await AssertStatusAsync(StatusCode.Unauthenticated, GetPartnershipAsync(portal, Jwt.WithTamperedSignature(token)));
    }

    [Theory, OnBothDatabases]
    public async Task An_unsigned_alg_none_token_is_unauthenticated(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var token = await portal.GetTokenAsync(Nordlab.ErpClientId, Nordlab.ErpSecret);

        await AssertStatusAsync(StatusCode.Unauthenticated, GetPartnershipAsync(portal, Jwt.WithoutSignature(token)));
    }

    // The control for the forgeries below: re-signing unchanged claims with the real key gives a token that works,
    // so when a changed one fails, it fails for the change.
    [Theory, OnBothDatabases]
    public async Task A_token_re_signed_with_the_portals_key_and_unchanged_claims_is_accepted(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var token = await portal.GetTokenAsync(Nordlab.ErpClientId, Nordlab.ErpSecret);

        var partnership = await GetPartnershipAsync(portal, Jwt.ReSigned(token, SigningCredentials(portal)));

        Assert.Equal(Nordlab.PartnershipName, partnership.Name);
    }

    [Theory, OnBothDatabases]
    public async Task A_token_for_another_audience_is_unauthenticated(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var token = await portal.GetTokenAsync(Nordlab.ErpClientId, Nordlab.ErpSecret);

        var forged = Jwt.ReSigned(token, SigningCredentials(portal), claims => claims["aud"] = "some-other-api");

        await AssertStatusAsync(StatusCode.Unauthenticated, GetPartnershipAsync(portal, forged));
    }

    [Theory, OnBothDatabases]
    public async Task A_token_from_another_issuer_is_unauthenticated(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var token = await portal.GetTokenAsync(Nordlab.ErpClientId, Nordlab.ErpSecret);

        var forged = Jwt.ReSigned(token, SigningCredentials(portal), claims => claims["iss"] = "https://issuer.invalid/");

        await AssertStatusAsync(StatusCode.Unauthenticated, GetPartnershipAsync(portal, forged));
    }

    internal static async Task<Partnership> GetPartnershipAsync(PortalFactory portal, string token, long? id = null)
    {
        using var channel = portal.CreateGrpcChannel();
        var request = new GetPartnershipRequest();
        if (id is { } value)
        {
            request.Id = value;
        }
        return await new PartnershipsService.PartnershipsServiceClient(channel).GetPartnershipAsync(request, PortalFactory.Bearer(token),
            cancellationToken: TestContext.Current.CancellationToken);
    }

    internal static async Task AssertStatusAsync(StatusCode expected, Task call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.Equal(expected, error.StatusCode);
    }

    private static SigningCredentials SigningCredentials(PortalFactory portal) =>
        portal.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue.SigningCredentials.Single();
}
