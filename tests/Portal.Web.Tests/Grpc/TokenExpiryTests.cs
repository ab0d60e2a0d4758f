using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Data.Database;
using Portal.Web.Hosting;
using Portal.Web.Seed;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Grpc;

public sealed class TokenExpiryTests
{
    // OpenIddict reads the clock from the TimeProvider service, so the portal's fake clock is the one that expires tokens.
    [Theory, OnBothDatabases]
    public async Task A_token_is_refused_once_its_lifetime_has_passed(DatabaseProvider provider)
    {
        await using var portal = new PortalFactory(provider, new FakeTimeProvider(DateTimeOffset.UtcNow));
        var clock = portal.Clock!;
        var lifetime = TimeSpan.FromMinutes(portal.Services.GetRequiredService<PortalOptions>().Tokens.AccessTokenLifetimeMinutes);
        var token = await portal.GetTokenAsync(DemoData.Nordlab.ErpClientId, DemoData.Nordlab.ErpSecret);

        clock.Advance(lifetime - TimeSpan.FromSeconds(5));
        await PartnershipsServiceTests.GetPartnershipAsync(portal, token);

        clock.Advance(TimeSpan.FromSeconds(10));
        await PartnershipsServiceTests.AssertStatusAsync(StatusCode.Unauthenticated, PartnershipsServiceTests.GetPartnershipAsync(portal, token));
    }
}
