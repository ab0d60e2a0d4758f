using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Portal.Data.Database;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Pages;

/// <summary>The Hangfire dashboard at /jobs is for supplier admins only.</summary>
public sealed class JobsDashboardTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task Only_a_supplier_admin_opens_the_job_dashboard(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        using var admin = await WebSession.SignInAsync(portal, "admin@helix.example");
        var (status, body, _) = await admin.GetAsync("/jobs/recurring");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("notification-retention", body);
        Assert.Contains(Portal.Web.Jobs.LoanOverdueJob.Id, body);

        foreach (var email in new[] { "alice.lead@helix.example", "fay.finance@helix.example", "leo.lead@nordlab.example", "nina.engineer@nordlab.example" })
        {
            using var session = await WebSession.SignInAsync(portal, email);
            var (refused, _, _) = await session.GetAsync("/jobs/recurring");
            Assert.True(refused is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"{email} got {refused}");
        }

        using var anonymous = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await anonymous.GetAsync("/jobs", TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"anonymous got {response.StatusCode}");
    }
}
