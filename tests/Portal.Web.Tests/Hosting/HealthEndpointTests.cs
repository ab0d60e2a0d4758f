using System.Net;
using Portal.Data.Database;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Hosting;

public sealed class HealthEndpointTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task A_load_balancer_without_a_cookie_or_host_name_reads_healthy_from_healthz(DatabaseProvider provider)
    {
        using var anonymous = WebSession.Anonymous(hosts.For(provider));

        var (status, body, location) = await anonymous.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body);
        Assert.Null(location);
    }
}
