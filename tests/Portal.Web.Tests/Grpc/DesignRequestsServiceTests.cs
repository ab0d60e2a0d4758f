using System.Globalization;
using Portal.Data.Database;
using Portal.Erp.V1;
using Portal.Web.Seed;
using Portal.Web.Tests.Infrastructure;
using Portal.Web.Tests.Tenancy;

namespace Portal.Web.Tests.Grpc;

public sealed class DesignRequestsServiceTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task An_erp_client_pages_through_its_requests_filters_by_stage_and_never_sees_internal_notes(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        var headers = PortalFactory.Bearer(await portal.GetTokenAsync(DemoData.Nordlab.ErpClientId, DemoData.Nordlab.ErpSecret));
        using var channel = portal.CreateGrpcChannel();
        var client = new DesignRequestsService.DesignRequestsServiceClient(channel);

        var seen = new List<Portal.Erp.V1.DesignRequest>();
        var totals = new HashSet<int>();
        var token = "";
        do
        {
            var page = await client.ListDesignRequestsAsync(new ListDesignRequestsRequest { PageSize = 3, PageToken = token }, headers, cancellationToken: TestContext.Current.CancellationToken);
            Assert.True(page.DesignRequests.Count <= 3);
            seen.AddRange(page.DesignRequests);
            totals.Add(page.TotalSize);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        var declined = await client.ListDesignRequestsAsync(new ListDesignRequestsRequest { Stage = DesignStage.Declined }, headers, cancellationToken: TestContext.Current.CancellationToken);
        var detail = await client.GetDesignRequestAsync(new GetDesignRequestRequest { Id = a.DesignRequestId }, headers, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(seen.Count >= 8);
        Assert.Equal([seen.Count], totals);
        Assert.Equal(declined.DesignRequests.Count, declined.TotalSize);
        Assert.Equal(seen.Count, seen.Select(r => r.Id).Distinct().Count());
        Assert.All(seen, r => Assert.Equal(a.PartnershipId, r.PartnershipId));
        var notAFit = Assert.Single(declined.DesignRequests, r => r.Title == "Fibre-coupled Raman probe 785 nm");
        Assert.Equal((FitVerdict.NotAFit, "Lumora Photonics RP-785 immersion probe"), (notAFit.Verdict.Verdict, notAFit.Verdict.AlternativeName));
        Assert.Equal(DesignStage.Feasibility, detail.Stage);
        Assert.NotEmpty(detail.Stages);
        Assert.NotEmpty(detail.Comments);
        Assert.DoesNotContain("margin", detail.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory, OnBothDatabases]
    public async Task Bad_paging_arguments_are_invalid(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var headers = PortalFactory.Bearer(await portal.GetTokenAsync(DemoData.Nordlab.ErpClientId, DemoData.Nordlab.ErpSecret));
        using var channel = portal.CreateGrpcChannel();
        var client = new DesignRequestsService.DesignRequestsServiceClient(channel);

        var ct = TestContext.Current.CancellationToken;
        var first = await client.ListDesignRequestsAsync(new ListDesignRequestsRequest { PageSize = 1 }, headers, cancellationToken: ct);
        Assert.NotEmpty(first.NextPageToken);

        foreach (var (request, field) in new (ListDesignRequestsRequest, string)[]
        {
            (new() { PageSize = -1 }, "page_size"),
            (new() { PageToken = "abc" }, "page_token"),
            (new() { PageToken = first.DesignRequests[0].Id.ToString(CultureInfo.InvariantCulture) }, "page_token"),
            (new() { PageToken = ContractValues.Tampered(first.NextPageToken) }, "page_token"),
            (new() { PageToken = first.NextPageToken, Stage = DesignStage.Feasibility }, "page_token"),
        })
        {
            Assert.Equal([field], await ErpSyncServiceTests.RefusedAsync(client.ListDesignRequestsAsync(request, headers, cancellationToken: ct).ResponseAsync));
        }
    }

    [Theory, OnBothDatabases]
    public async Task A_page_size_above_the_maximum_is_capped_to_it(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var headers = PortalFactory.Bearer(await portal.GetTokenAsync(DemoData.Nordlab.ErpClientId, DemoData.Nordlab.ErpSecret));
        using var channel = portal.CreateGrpcChannel();
        var client = new DesignRequestsService.DesignRequestsServiceClient(channel);
        var ct = TestContext.Current.CancellationToken;

        var capped = await client.ListDesignRequestsAsync(new ListDesignRequestsRequest { PageSize = 100_000 }, headers, cancellationToken: ct);
        var maximum = await client.ListDesignRequestsAsync(new ListDesignRequestsRequest { PageSize = 100 }, headers, cancellationToken: ct);

        Assert.Equal(maximum.DesignRequests.Select(r => r.Id), capped.DesignRequests.Select(r => r.Id));
    }
}
