using System.Net;
using Portal.Data.Database;
using Portal.Erp.V1;
using Portal.Web.Tests.Grpc;
using Portal.Web.Tests.Infrastructure;
using Portal.Web.Tests.Tenancy;

namespace Portal.Web.Tests.Pages;

public sealed class ErpSyncHealthPageTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task The_health_page_shows_counts_per_type_and_the_refused_records_to_the_connections_audience(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        using var s = await ErpSyncSession.StartAsync(portal);
        await s.Sync.UpsertItemsAsync(new UpsertItemsRequest { RequestId = s.Id("ok"), Items = { s.Item("a"), s.Item("b") } }, s.Headers, cancellationToken: Ct);
        var bad = s.Item("c");
        bad.Sku = "";
        await ErpSyncServiceTests.RefusedAsync(s.Sync.UpsertItemsAsync(new UpsertItemsRequest { RequestId = s.Id("bad"), Items = { s.Item("d"), bad } }, s.Headers, cancellationToken: Ct).ResponseAsync);
        var path = $"/p/{a.PartnershipId}/erp-connections/{s.ClientId}/health";
        using var lead = await WebSession.SignInAsync(portal, "leo.lead@nordlab.example");
        using var engineer = await WebSession.SignInAsync(portal, "nina.engineer@nordlab.example");

        var (status, body, _) = await lead.GetAsync(path);
        var (_, listBody, _) = await lead.GetAsync($"/p/{a.PartnershipId}/erp-connections");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Matches(@"<td>Item</td><td class=""text-end"">2</td>", body);
        Assert.Contains("items[1].sku", body);
        Assert.Contains(s.Id("bad"), body);
        Assert.Contains("data-testid=\"feed-lag\"", body);
        Assert.Contains($"data-feed-client-id=\"{s.ClientId}\"", body);
        Assert.DoesNotContain("data-feed-client-id=\"nordlab-erp\"", body);
        Assert.Contains(path, listBody);
        var (_, demoConnection, _) = await lead.GetAsync($"/p/{a.PartnershipId}/erp-connections/nordlab-erp/health");
        // The demo's twelve months came in as one history load, not through the connection: the page says so, in plain words.
        Assert.Contains("History loaded in one go", demoConnection);
        Assert.DoesNotContain("GetChanges", demoConnection);
        Assert.DoesNotContain("Head position", demoConnection);
        var (refused, _, location) = await engineer.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, refused);
        Assert.Contains("/account/access-denied", location);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.GetAsync($"/p/{a.PartnershipId}/erp-connections/no-such-client/health")).Status);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}
