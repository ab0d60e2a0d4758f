using System.Net;
using System.Text.Json;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using Portal.Data.Database;
using Portal.Data.ErpClients;
using Portal.Web.Tests.Grpc;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.OAuth;

/// <summary>Rotation and revocation as an ERP sees them: through the real token endpoint, on a portal whose clock the test moves.</summary>
public sealed class SecretRotationTests
{
    [Theory, OnBothDatabases]
    public async Task The_old_secret_gets_tokens_during_the_grace_period_and_is_an_invalid_client_after_it(DatabaseProvider provider)
    {
        await using var portal = new PortalFactory(provider, new FakeTimeProvider(DateTimeOffset.UtcNow));
        var client = await portal.CreateAsync(ErpScopes.Read);

        var rotated = await portal.RotateAsync(client.Client.ClientId, TimeSpan.FromHours(1));
        portal.Clock!.Advance(TimeSpan.FromMinutes(59));
        var oldSecretToken = await portal.GetTokenAsync(client.Client.ClientId, client.Secret);
        await PartnershipsServiceTests.GetPartnershipAsync(portal, oldSecretToken);

        portal.Clock.Advance(TimeSpan.FromMinutes(1));
        using var refused = await portal.RequestTokenAsync(client.Client.ClientId, client.Secret);

        await AssertInvalidClientAsync(refused);
        // The token issued to the old secret a minute ago has not expired, but its secret has.
        await PartnershipsServiceTests.AssertStatusAsync(StatusCode.Unauthenticated, PartnershipsServiceTests.GetPartnershipAsync(portal, oldSecretToken));
        await PartnershipsServiceTests.GetPartnershipAsync(portal, await portal.GetTokenAsync(client.Client.ClientId, rotated.Secret));
    }

    [Theory, OnBothDatabases]
    public async Task Without_grace_the_old_secret_and_the_tokens_already_issued_to_it_are_refused_at_once(DatabaseProvider provider)
    {
        await using var portal = new PortalFactory(provider, new FakeTimeProvider(DateTimeOffset.UtcNow));
        var client = await portal.CreateAsync(ErpScopes.Read);
        var oldToken = await portal.GetTokenAsync(client.Client.ClientId, client.Secret);
        await PartnershipsServiceTests.GetPartnershipAsync(portal, oldToken);

        var rotated = await portal.RotateAsync(client.Client.ClientId, TimeSpan.Zero);
        using var refused = await portal.RequestTokenAsync(client.Client.ClientId, client.Secret);

        await AssertInvalidClientAsync(refused);
        await PartnershipsServiceTests.AssertStatusAsync(StatusCode.Unauthenticated, PartnershipsServiceTests.GetPartnershipAsync(portal, oldToken));
        await PartnershipsServiceTests.GetPartnershipAsync(portal, await portal.GetTokenAsync(client.Client.ClientId, rotated.Secret));
    }

    [Theory, OnBothDatabases]
    public async Task Revoking_during_a_grace_period_refuses_both_secrets_and_the_tokens_already_issued(DatabaseProvider provider)
    {
        await using var portal = new PortalFactory(provider, new FakeTimeProvider(DateTimeOffset.UtcNow));
        var client = await portal.CreateAsync(ErpScopes.Read);
        var rotated = await portal.RotateAsync(client.Client.ClientId, TimeSpan.FromDays(1));
        var token = await portal.GetTokenAsync(client.Client.ClientId, client.Secret);

        await portal.RevokeAsync(client.Client.ClientId);

        using var oldSecret = await portal.RequestTokenAsync(client.Client.ClientId, client.Secret);
        using var newSecret = await portal.RequestTokenAsync(client.Client.ClientId, rotated.Secret);
        await AssertInvalidClientAsync(oldSecret);
        await AssertInvalidClientAsync(newSecret);
        await PartnershipsServiceTests.AssertStatusAsync(StatusCode.Unauthenticated, PartnershipsServiceTests.GetPartnershipAsync(portal, token));
    }

    private static async Task AssertInvalidClientAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, $"{(int)response.StatusCode} {body}");
        Assert.Equal("invalid_client", JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
    }
}
