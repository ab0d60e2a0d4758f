using System.Net;
using System.Text.Json;
using Portal.Data.Database;
using Portal.Web.OAuth;
using Portal.Web.Seed;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.OAuth;

/// <summary>
/// Token requests the form reader or the client lookup cannot take (more than 1024 values, a value over 4 MB, a NUL)
/// used to answer a 500 HTML page; an ERP client must get what OAuth promises: 400 with an error code in JSON.
/// </summary>
public sealed class HostileTokenRequestTests(PortalHosts hosts)
{
    public static TheoryData<string, DatabaseProvider> Requests()
    {
        var data = new TheoryData<string, DatabaseProvider>();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres }.Where(p => p == DatabaseProvider.Sqlite || TestDatabase.PostgresSkipReason is null))
        {
            foreach (var kind in new[] { "many values", "huge value", "NUL in client id", "NUL in secret" })
            {
                data.Add(kind, provider);
            }
        }
        return data;
    }

    [Theory, MemberData(nameof(Requests))]
    public async Task An_unreadable_or_hostile_token_request_is_an_oauth_400_in_json(string kind, DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        List<KeyValuePair<string, string>> form = [new("grant_type", "client_credentials"), new("client_id", DemoData.Nordlab.ErpClientId), new("client_secret", DemoData.Nordlab.ErpSecret)];
        switch (kind)
        {
            case "many values": form.AddRange(Enumerable.Range(0, 1100).Select(i => new KeyValuePair<string, string>($"x{i}", "1"))); break;
            case "huge value": form.Add(new("scope", new string('a', 4 * 1024 * 1024 + 10))); break;
            case "NUL in client id": form[1] = new("client_id", "nordlab\0-erp"); break;
            default: form[2] = new("client_secret", "secret\0"); break;
        }
        using var client = portal.CreateClient();

        using var response = await client.PostAsync(OAuthServices.TokenEndpoint, new FormUrlEncodedContent(form), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, $"{kind}: {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(JsonDocument.Parse(body).RootElement.TryGetProperty("error", out _), body);
    }
}
