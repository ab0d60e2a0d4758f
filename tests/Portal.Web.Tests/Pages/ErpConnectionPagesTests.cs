using System.Net;
using System.Text.RegularExpressions;
using Portal.Data.Database;
using Portal.Web.Tests.Infrastructure;
using Portal.Web.Tests.Tenancy;

namespace Portal.Web.Tests.Pages;

public sealed partial class ErpConnectionPagesTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task A_customer_lead_creates_a_connection_whose_secret_is_shown_once_and_works(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        using var lead = await WebSession.SignInAsync(portal, "leo.lead@nordlab.example");
        var name = $"Page SAP {Guid.NewGuid():N}";

        var (status, body, _) = await lead.PostAsync($"/p/{a.PartnershipId}/erp-connections?handler=Create", new()
        {
            ["Input.DisplayName"] = name, ["Input.Scopes"] = "erp.read",
        });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("it is not shown again", body);
        var (clientId, secret) = Issued(body);
        await portal.GetTokenAsync(clientId, secret, "erp.read");
        var (_, list, _) = await lead.GetAsync($"/p/{a.PartnershipId}/erp-connections");
        Assert.Contains(name, list);
        Assert.Contains(clientId, list);
        Assert.DoesNotContain(secret, list);
        Assert.DoesNotContain("data-testid=\"issued-secret\"", list);
    }

    [Theory, OnBothDatabases]
    public async Task An_account_lead_rotates_with_a_grace_period_and_then_revokes(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        var client = await portal.CreateAsync("erp.read");
        using var lead = await WebSession.SignInAsync(portal, "alice.lead@helix.example");
        var path = $"/p/{a.PartnershipId}/erp-connections";

        var (status, rotatedBody, _) = await lead.PostAsync($"{path}?handler=Rotate&clientId={client.Client.ClientId}", new() { ["grace"] = "1h" });

        Assert.Equal(HttpStatusCode.OK, status);
        var (_, newSecret) = Issued(rotatedBody);
        Assert.Contains("The old secret keeps working until", rotatedBody);
        await portal.GetTokenAsync(client.Client.ClientId, client.Secret);
        var token = await portal.GetTokenAsync(client.Client.ClientId, newSecret);
        var (_, list, _) = await lead.GetAsync(path);
        Assert.Contains("Old secret until", list);
        Assert.DoesNotContain(newSecret, list);

        var (revokeStatus, _, location) = await lead.PostAsync($"{path}?handler=Revoke&clientId={client.Client.ClientId}", []);
        var (againStatus, _, _) = await lead.PostAsync($"{path}?handler=Revoke&clientId={client.Client.ClientId}", []);

        Assert.Equal((HttpStatusCode.Redirect, path, HttpStatusCode.Redirect), (revokeStatus, location, againStatus));
        using var refused = await portal.RequestTokenAsync(client.Client.ClientId, newSecret);
        Assert.Contains("\"invalid_client\"", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        await Grpc.PartnershipsServiceTests.AssertStatusAsync(global::Grpc.Core.StatusCode.Unauthenticated, Grpc.PartnershipsServiceTests.GetPartnershipAsync(portal, token));
    }

    [Theory, OnBothDatabases]
    public async Task A_grace_period_that_is_not_offered_rotates_nothing(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        var client = await portal.CreateAsync("erp.read");
        using var admin = await WebSession.SignInAsync(portal, "admin@helix.example");

        var (status, body, _) = await admin.PostAsync($"/p/{a.PartnershipId}/erp-connections?handler=Rotate&clientId={client.Client.ClientId}", new() { ["grace"] = "30d" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Choose how long the old secret keeps working.", body);
        Assert.DoesNotContain("issued-secret", body);
        await portal.GetTokenAsync(client.Client.ClientId, client.Secret);
    }

    [Theory, OnBothDatabases]
    public async Task Engineers_of_either_side_cannot_see_or_manage_connections(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        var client = await portal.CreateAsync("erp.read");
        var path = $"/p/{a.PartnershipId}/erp-connections";

        foreach (var email in new[] { "nina.engineer@nordlab.example", "erin.engineer@helix.example" })
        {
            using var engineer = await WebSession.SignInAsync(portal, email);
            var (get, body, getLocation) = await engineer.GetAsync(path);
            var (rotate, _, rotateLocation) = await engineer.PostAsync($"{path}?handler=Rotate&clientId={client.Client.ClientId}", new() { ["grace"] = "none" });
            var (revoke, _, revokeLocation) = await engineer.PostAsync($"{path}?handler=Revoke&clientId={client.Client.ClientId}", []);
            var (create, _, createLocation) = await engineer.PostAsync($"{path}?handler=Create", new() { ["Input.DisplayName"] = "Shadow SAP", ["Input.Scopes"] = "erp.sync" });
            var (_, dashboard, _) = await engineer.GetAsync($"/p/{a.PartnershipId}");

            foreach (var (s, location) in new[] { (get, getLocation), (rotate, rotateLocation), (revoke, revokeLocation), (create, createLocation) })
            {
                Assert.Equal(HttpStatusCode.Redirect, s);
                Assert.Contains("/account/access-denied", location);
            }
            Assert.DoesNotContain(client.Client.ClientId, body);
            Assert.DoesNotContain("erp-connections-link", dashboard);
        }
        await portal.GetTokenAsync(client.Client.ClientId, client.Secret);
    }

    [Theory, OnBothDatabases]
    public async Task The_header_offers_the_page_to_those_who_manage_connections(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        using var lead = await WebSession.SignInAsync(portal, "leo.lead@nordlab.example");

        var (_, dashboard, _) = await lead.GetAsync($"/p/{a.PartnershipId}");

        Assert.Contains($"href=\"/p/{a.PartnershipId}/erp-connections\"", dashboard);
    }

    private static (string ClientId, string Secret) Issued(string body)
    {
        var clientId = IssuedClientId().Match(body);
        var secret = IssuedSecret().Match(body);
        Assert.True(clientId.Success && secret.Success, "The answer shows no new secret.");
        return (clientId.Groups[1].Value, secret.Groups[1].Value);
    }

    [GeneratedRegex("data-testid=\"issued-client-id\">([^<]+)<")]
    private static partial Regex IssuedClientId();

    [GeneratedRegex("data-testid=\"issued-secret-value\">([^<]+)<")]
    private static partial Regex IssuedSecret();
}
