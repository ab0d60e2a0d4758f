using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Database;
using Portal.Data.ErpClients;
using Portal.Data.Tenancy;
using Portal.Web.Hosting;
using Portal.Web.Seed;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.OAuth;

public sealed class TokenEndpointTests(PortalHosts hosts)
{
    private static readonly DemoData.DemoCustomer Nordlab = DemoData.Nordlab;

    [Theory, OnBothDatabases]
    public async Task A_demo_client_gets_a_signed_jwt_for_its_partnership_with_every_granted_scope(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var options = portal.Services.GetRequiredService<PortalOptions>();
        using var response = await portal.RequestTokenAsync(Nordlab.ErpClientId, Nordlab.ErpSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = JsonSerializer.Deserialize<PortalFactory.TokenResponse>(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal("Bearer", token.TokenType);
        Assert.InRange(token.ExpiresIn, options.Tokens.AccessTokenLifetimeMinutes * 60 - 5, options.Tokens.AccessTokenLifetimeMinutes * 60);
        Assert.Equal(["erp.read", "erp.sync"], token.Scope!.Split(' ').Order());

        var header = Jwt.Header(token.AccessToken);
        Assert.Equal("RS256", (string?)header["alg"]);
        Assert.Equal("at+jwt", (string?)header["typ"]);
        var claims = Jwt.Payload(token.AccessToken);
        var nordlab = await portal.Services.GetRequiredService<ScopeStore>().ForErpClientAsync(Nordlab.ErpClientId, TestContext.Current.CancellationToken);
        Assert.Equal(options.Tokens.Issuer, (string?)claims["iss"]);
        Assert.Equal("portal-erp", (string?)claims["aud"]);
        Assert.Equal(Nordlab.ErpClientId, (string?)claims["sub"]);
        Assert.Equal(Nordlab.ErpClientId, (string?)claims["client_id"]);
        Assert.Equal(nordlab!.PartnershipIds.Single(), (long?)claims["partnership_id"]);
    }

    [Theory, OnBothDatabases]
    public async Task A_client_asking_for_one_of_its_scopes_gets_only_that_one(DatabaseProvider provider)
    {
        var token = await hosts.For(provider).GetTokenAsync(Nordlab.ErpClientId, Nordlab.ErpSecret, ErpScopes.Read);

        Assert.Equal(ErpScopes.Read, (string?)Jwt.Payload(token)["scope"]);
    }

    [Theory, OnBothDatabases]
    public async Task A_wrong_secret_is_an_invalid_client(DatabaseProvider provider)
    {
        using var response = await hosts.For(provider).RequestTokenAsync(Nordlab.ErpClientId, "not-the-secret");

        await AssertErrorAsync(response, "invalid_client");
    }

    [Theory, OnBothDatabases]
    public async Task An_unknown_client_is_an_invalid_client(DatabaseProvider provider)
    {
        using var response = await hosts.For(provider).RequestTokenAsync("no-such-erp", Nordlab.ErpSecret);

        await AssertErrorAsync(response, "invalid_client");
    }

    [Theory, OnBothDatabases]
    public async Task An_unknown_scope_is_an_invalid_scope(DatabaseProvider provider)
    {
        using var response = await hosts.For(provider).RequestTokenAsync(Nordlab.ErpClientId, Nordlab.ErpSecret, "erp.read erp.admin");

        await AssertErrorAsync(response, "invalid_scope");
    }

    [Theory, OnBothDatabases]
    public async Task A_scope_the_client_was_not_granted_is_an_invalid_scope(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var syncOnly = await portal.CreateAsync(ErpScopes.Sync);

        using var response = await portal.RequestTokenAsync(syncOnly.Client.ClientId, syncOnly.Secret, ErpScopes.Read);

        await AssertErrorAsync(response, "invalid_scope");
    }

    [Theory, OnBothDatabases]
    public async Task A_revoked_client_can_no_longer_get_a_token(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var client = await portal.CreateAsync(ErpScopes.Read);
        await portal.GetTokenAsync(client.Client.ClientId, client.Secret);

        await portal.RevokeAsync(client.Client.ClientId);
        using var response = await portal.RequestTokenAsync(client.Client.ClientId, client.Secret);

        await AssertErrorAsync(response, "invalid_client");
    }

    [Theory, OnBothDatabases]
    public async Task Only_the_client_credentials_grant_is_served(DatabaseProvider provider)
    {
        using var response = await hosts.For(provider).RequestTokenAsync(Nordlab.ErpClientId, Nordlab.ErpSecret, grantType: "password");

        await AssertErrorAsync(response, "unsupported_grant_type");
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, string error)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, $"{(int)response.StatusCode} {body}");
        Assert.Equal(error, JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
    }
}
