using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Portal.Data.Database;
using Portal.Data.ErpClients;
using Portal.Web.OAuth;
using Portal.Web.Seed;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.OAuth;

/// <summary>ERP tooling configures itself from the discovery document: everything it advertises must work, and nothing else.</summary>
public sealed class DiscoveryDocumentTests(PortalHosts hosts)
{
    private const string DocumentPath = "/.well-known/openid-configuration";
    private static readonly DemoData.DemoCustomer Nordlab = DemoData.Nordlab;

    [Fact]
    public async Task The_document_describes_a_client_credentials_token_endpoint_and_no_openid_provider()
    {
        var document = await DocumentAsync(hosts.For(DatabaseProvider.Sqlite));

        Assert.Equal(
            ["grant_types_supported", "issuer", "jwks_uri", "require_pushed_authorization_requests", "scopes_supported",
             "tls_client_certificate_bound_access_tokens", "token_endpoint", "token_endpoint_auth_methods_supported"],
            document.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["client_credentials"], Strings(document, "grant_types_supported"));
        Assert.Equal(ErpScopes.All.Order(), Strings(document, "scopes_supported").Order());
        Assert.Equal(["client_secret_basic", "client_secret_post"], Strings(document, "token_endpoint_auth_methods_supported").Order());
        Assert.EndsWith(OAuthServices.TokenEndpoint, document.GetProperty("token_endpoint").GetString());
        Assert.False(document.GetProperty("require_pushed_authorization_requests").GetBoolean());
        Assert.False(document.GetProperty("tls_client_certificate_bound_access_tokens").GetBoolean());
    }

    [Theory, OnBothDatabases]
    public async Task Every_advertised_authentication_method_gets_a_token_for_every_advertised_scope(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var document = await DocumentAsync(portal);
        using var client = portal.CreateClient();

        foreach (var method in Strings(document, "token_endpoint_auth_methods_supported"))
        {
            foreach (var scope in Strings(document, "scopes_supported"))
            {
                using var request = TokenRequest(method, scope);
                using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
                var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} / {scope}: {(int)response.StatusCode} {body}");
                var token = JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
                Assert.Equal(scope, (string?)Jwt.Payload(token)["scope"]);
            }
        }
    }

    [Fact]
    public async Task What_is_not_advertised_is_refused_by_the_token_endpoint()
    {
        var portal = hosts.For(DatabaseProvider.Sqlite);
        using var client = portal.CreateClient();

        using var openId = await portal.RequestTokenAsync(Nordlab.ErpClientId, Nordlab.ErpSecret, "openid");
        using var assertion = await client.PostAsync(OAuthServices.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = Nordlab.ErpClientId,
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", ["client_assertion"] = "eyJhbGciOiJSUzI1NiJ9.e30.c2ln",
        }), TestContext.Current.CancellationToken);

        Assert.Equal("invalid_scope", await ErrorAsync(openId));
        Assert.Equal("invalid_client", await ErrorAsync(assertion));
    }

    private static HttpRequestMessage TokenRequest(string method, string scope)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = scope };
        var request = new HttpRequestMessage(HttpMethod.Post, OAuthServices.TokenEndpoint);
        switch (method)
        {
            case "client_secret_post":
                form["client_id"] = Nordlab.ErpClientId;
                form["client_secret"] = Nordlab.ErpSecret;
                break;
            case "client_secret_basic":
                // RFC 6749 2.3.1: id and secret are form-encoded before they are joined and base64-encoded.
                var credentials = $"{Uri.EscapeDataString(Nordlab.ErpClientId)}:{Uri.EscapeDataString(Nordlab.ErpSecret)}";
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
                break;
            default:
                Assert.Fail($"The document advertises {method}, which this test does not know how to use.");
                break;
        }
        request.Content = new FormUrlEncodedContent(form);
        return request;
    }

    private static async Task<JsonElement> DocumentAsync(PortalFactory portal)
    {
        using var client = portal.CreateClient();
        using var response = await client.GetAsync(DocumentPath, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();
    }

    private static IEnumerable<string> Strings(JsonElement document, string name) =>
        document.GetProperty(name).EnumerateArray().Select(e => e.GetString()!);

    private static async Task<string?> ErrorAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("error").GetString();
}
