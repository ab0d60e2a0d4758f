using System.Net;
using Portal.Data.Database;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Tenancy;

/// <summary>
/// Customer B's people (an engineer and a lead) and a supplier account lead who is not on A's partnership try every
/// page handler against customer A: each is refused or answers with their own data only, and A's data is unchanged.
/// </summary>
public sealed class PageTenancyTests(PortalHosts hosts)
{
    private static readonly string[] Outsiders = ["carl.engineer@arcadia.example", "lara.lead@arcadia.example", "bruno.lead@helix.example"];

    [Theory, OnBothDatabases]
    public async Task Every_page_handler_has_a_tenancy_case(DatabaseProvider provider)
    {
        var discovered = await PageEndpoints.DiscoverAsync(hosts.For(provider));

        Assert.Empty(discovered.Except(PageTenancyCases.All.Keys));
        // A case for a handler that no longer exists is a sign the table went stale.
        Assert.Empty(PageTenancyCases.All.Keys.Except(discovered));
    }

    [Theory, OnBothDatabases]
    public async Task Outsiders_get_nothing_of_customer_A_from_any_page(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        var before = await a.SnapshotAsync(portal);
        var failures = new List<string>();

        foreach (var email in Outsiders)
        {
            using var session = await WebSession.SignInAsync(portal, email);
            // Sign-out goes last: it ends the session the other probes use.
            foreach (var (key, probeFor) in PageTenancyCases.All.OrderBy(c => c.Key.Contains("logout", StringComparison.Ordinal)))
            {
                var probe = probeFor(a);
                var (status, body, location) = probe.Form is null ? await session.GetAsync(probe.Path) : await session.PostAsync(probe.Path, probe.Form);
                var problem = Judge(probe.Expect, status, body, location);
                if (problem is not null)
                {
                    failures.Add($"{email} · {key} → {(int)status} {location}: {problem}");
                }
            }
        }

        Assert.Empty(failures);
        Assert.Equal(before, await a.SnapshotAsync(portal));
    }

    private static string? Judge(Expect expect, HttpStatusCode status, string body, string? location)
    {
        if ((int)status >= 500)
        {
            return "server error";
        }
        if (CustomerA.Markers.FirstOrDefault(m => body.Contains(m, StringComparison.Ordinal) || (location?.Contains(m, StringComparison.Ordinal) ?? false)) is { } marker)
        {
            return $"the answer contains \"{marker}\"";
        }
        var refused = status is HttpStatusCode.NotFound or HttpStatusCode.Forbidden
            || (status == HttpStatusCode.Redirect && location?.Contains("/account/access-denied", StringComparison.Ordinal) == true);
        return expect == Expect.Refused && !refused ? "expected to be refused" : null;
    }
}
