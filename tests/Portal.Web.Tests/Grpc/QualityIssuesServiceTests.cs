using System.Globalization;
using Google.Rpc;
using Grpc.Core;
using Portal.Data.Database;
using Portal.Data.ErpClients;
using Portal.Erp.V1;
using Portal.Web.Tests.Infrastructure;
using Portal.Web.Tests.Tenancy;

namespace Portal.Web.Tests.Grpc;

/// <summary>Through the real token endpoint: an ERP raises, retries, lists and reads its partnership's quality issues.</summary>
public sealed class QualityIssuesServiceTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task A_retried_raise_returns_the_same_issue_which_the_list_and_get_then_show(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        var client = await portal.CreateAsync(ErpScopes.Sync, ErpScopes.Read);
        var headers = PortalFactory.Bearer(await portal.GetTokenAsync(client.Client.ClientId, client.Secret));
        using var channel = portal.CreateGrpcChannel();
        var quality = new QualityIssuesService.QualityIssuesServiceClient(channel);
        var request = new RaiseQualityIssueRequest
        {
            RequestId = $"grpc-test-{Guid.NewGuid():N}", DeliveryExternalId = a.DeliveryExternalId, DeliveryLineNo = 1,
            Title = $"Dented covers {Guid.NewGuid():N}", Description = "Dents on the lid.", Severity = Severity.Major, QuantityAffected = 2, QuantityInspected = 5,
        };

        var first = await quality.RaiseQualityIssueAsync(request, headers, cancellationToken: Ct);
        var retry = await quality.RaiseQualityIssueAsync(request, headers, cancellationToken: Ct);

        Assert.True(first.Created);
        Assert.False(retry.Created);
        Assert.Equal(first.Issue.Id, retry.Issue.Id);
        Assert.Equal(a.DeliveryExternalId, first.Issue.DeliveryExternalId);
        Assert.Equal(8, first.Issue.Steps.Count);
        var got = await quality.GetQualityIssueAsync(new GetQualityIssueRequest { Id = first.Issue.Id }, headers, cancellationToken: Ct);
        Assert.Equal(request.Title, got.Title);
        var listed = await AllPagesAsync(quality, headers, new ListQualityIssuesRequest { PageSize = 2, Severity = Severity.Major, State = QualityIssueState.Open });
        Assert.Single(listed, i => i.Id == first.Issue.Id);
        Assert.All(listed, i => Assert.Equal((Severity.Major, QualityIssueState.Open), (i.Severity, i.State)));
    }

    [Theory, OnBothDatabases]
    public async Task An_unknown_delivery_is_an_invalid_argument_naming_the_field(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var client = await portal.CreateAsync(ErpScopes.Sync);
        using var channel = portal.CreateGrpcChannel();
        var call = new QualityIssuesService.QualityIssuesServiceClient(channel).RaiseQualityIssueAsync(new RaiseQualityIssueRequest
        {
            RequestId = "r1", DeliveryExternalId = "GR-NOWHERE", DeliveryLineNo = 1, Title = "T", Description = "D", Severity = Severity.Minor,
        }, PortalFactory.Bearer(await portal.GetTokenAsync(client.Client.ClientId, client.Secret)), cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["delivery_external_id"], error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
    }

    [Theory, OnBothDatabases]
    public async Task Reading_needs_erp_read_and_raising_needs_erp_sync(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var readOnly = await portal.CreateAsync(ErpScopes.Read);
        var syncOnly = await portal.CreateAsync(ErpScopes.Sync);
        using var channel = portal.CreateGrpcChannel();
        var quality = new QualityIssuesService.QualityIssuesServiceClient(channel);
        var reader = PortalFactory.Bearer(await portal.GetTokenAsync(readOnly.Client.ClientId, readOnly.Secret));
        var writer = PortalFactory.Bearer(await portal.GetTokenAsync(syncOnly.Client.ClientId, syncOnly.Secret));

        await PartnershipsServiceTests.AssertStatusAsync(StatusCode.PermissionDenied,
            quality.RaiseQualityIssueAsync(new RaiseQualityIssueRequest { RequestId = "x" }, reader, cancellationToken: Ct).ResponseAsync);
        await PartnershipsServiceTests.AssertStatusAsync(StatusCode.PermissionDenied,
            quality.ListQualityIssuesAsync(new ListQualityIssuesRequest(), writer, cancellationToken: Ct).ResponseAsync);
        await PartnershipsServiceTests.AssertStatusAsync(StatusCode.InvalidArgument,
            quality.ListQualityIssuesAsync(new ListQualityIssuesRequest { PageSize = -1 }, reader, cancellationToken: Ct).ResponseAsync);
        Assert.NotEmpty((await quality.ListQualityIssuesAsync(new ListQualityIssuesRequest(), reader, cancellationToken: Ct)).QualityIssues);
    }

    [Theory, OnBothDatabases]
    public async Task Issues_raised_while_an_erp_pages_through_are_neither_skipped_nor_repeated(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        var client = await portal.CreateAsync(ErpScopes.Sync, ErpScopes.Read);
        var headers = PortalFactory.Bearer(await portal.GetTokenAsync(client.Client.ClientId, client.Secret));
        using var channel = portal.CreateGrpcChannel();
        var quality = new QualityIssuesService.QualityIssuesServiceClient(channel);
        Task<RaiseQualityIssueResponse> RaiseAsync(string title) => quality.RaiseQualityIssueAsync(new RaiseQualityIssueRequest
        {
            RequestId = $"paging-{Guid.NewGuid():N}", DeliveryExternalId = a.DeliveryExternalId, DeliveryLineNo = 1,
            Title = title, Description = "Paging.", Severity = Severity.Minor, QuantityAffected = 1, QuantityInspected = 1,
        }, headers, cancellationToken: Ct).ResponseAsync;
        await RaiseAsync("Before paging");

        var seen = new List<long>();
        var request = new ListQualityIssuesRequest { PageSize = 2 };
        var raisedMeanwhile = new List<long>();
        do
        {
            var page = await quality.ListQualityIssuesAsync(request, headers, cancellationToken: Ct);
            seen.AddRange(page.QualityIssues.Select(i => i.Id));
            // A new issue between every two pages: offset paging would show an issue twice or skip one.
            raisedMeanwhile.Add((await RaiseAsync($"Raised on page {seen.Count}")).Issue.Id);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Equal(seen.Order().ToList(), seen);
        // Everything raised before the last page was read is on a page.
        Assert.All(raisedMeanwhile.SkipLast(1), id => Assert.Contains(id, seen));
        var first = await quality.ListQualityIssuesAsync(new ListQualityIssuesRequest { PageSize = 1 }, headers, cancellationToken: Ct);
        Assert.InRange(first.TotalSize, seen.Count, int.MaxValue);
        foreach (var token in new[] { "-3", seen[0].ToString(CultureInfo.InvariantCulture), ContractValues.Tampered(first.NextPageToken) })
        {
            var forged = await Assert.ThrowsAsync<RpcException>(() => quality.ListQualityIssuesAsync(new ListQualityIssuesRequest { PageToken = token }, headers, cancellationToken: Ct).ResponseAsync);
            Assert.Equal(["page_token"], forged.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        }
        var otherFilter = await Assert.ThrowsAsync<RpcException>(() => quality.ListQualityIssuesAsync(
            new ListQualityIssuesRequest { PageToken = first.NextPageToken, Severity = Severity.Minor }, headers, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, otherFilter.StatusCode);
    }

    private static async Task<List<QualityIssueSummary>> AllPagesAsync(QualityIssuesService.QualityIssuesServiceClient client, Metadata headers, ListQualityIssuesRequest request)
    {
        var all = new List<QualityIssueSummary>();
        do
        {
            var page = await client.ListQualityIssuesAsync(request, headers, cancellationToken: Ct);
            all.AddRange(page.QualityIssues);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return all;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}
