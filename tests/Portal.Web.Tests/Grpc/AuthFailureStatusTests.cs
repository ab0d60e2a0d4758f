using System.Net;
using System.Net.Http.Headers;
using Portal.Data.Database;
using Portal.Data.ErpClients;
using Portal.Web.Seed;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Grpc;

/// <summary>
/// What a gRPC stack that does not translate HTTP codes (grpcio, grpc-js) receives when a call fails authorization: the
/// status and the reason in grpc-status and grpc-message, read here from the raw response as such a client reads it.
/// </summary>
public sealed class AuthFailureStatusTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task A_call_without_a_token_answers_unauthenticated_with_how_to_get_one(DatabaseProvider provider)
    {
        var (status, message) = await CallAsync(hosts.For(provider), null);

        Assert.Equal("16", status);
        Assert.Contains("No access token was sent", message, StringComparison.Ordinal);
        Assert.Contains("/connect/token", message, StringComparison.Ordinal);
    }

    [Theory, OnBothDatabases]
    public async Task A_call_with_a_broken_token_answers_unauthenticated_with_the_reason(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var token = await portal.GetTokenAsync(DemoData.Nordlab.ErpClientId, DemoData.Nordlab.ErpSecret);

        var (status, message) = await CallAsync(portal, Jwt.WithTamperedSignature(token));

        Assert.Equal("16", status);
        Assert.DoesNotContain("No access token was sent", message, StringComparison.Ordinal);
        Assert.Contains("token", message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory, OnBothDatabases]
    public async Task A_token_without_the_scope_answers_permission_denied_naming_the_scopes(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var syncOnly = await portal.CreateAsync(ErpScopes.Sync);

        var (status, message) = await CallAsync(portal, await portal.GetTokenAsync(syncOnly.Client.ClientId, syncOnly.Secret));

        Assert.Equal("7", status);
        Assert.Contains("erp.read", message, StringComparison.Ordinal);
    }

    private static async Task<(string? Status, string Message)> CallAsync(PortalFactory portal, string? token)
    {
        using var http = new HttpClient(portal.Server.CreateHandler()) { BaseAddress = portal.Server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/portal.erp.v1.PartnershipsService/GetPartnership")
        {
            Version = HttpVersion.Version20,
            // An empty GetPartnershipRequest as one gRPC frame: not compressed, length 0.
            Content = new ByteArrayContent(new byte[5]),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = response.Headers.TryGetValues("grpc-status", out var statuses) ? statuses.Single() : null;
        var message = response.Headers.TryGetValues("grpc-message", out var messages) ? Uri.UnescapeDataString(messages.Single()) : "";
        return (status, message);
    }
}
