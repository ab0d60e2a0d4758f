using Dapper;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Database;
using Portal.Erp.V1;
using Portal.Web.Seed;
using Portal.Web.Tests.Infrastructure;
using Portal.Web.Tests.Tenancy;

namespace Portal.Web.Tests.Grpc;

/// <summary>
/// Customer A's ERP reads its people's review action items: every page in id order with neither a repeat nor a gap, a
/// state filter, never an item of the supplier's people, never another partnership's. Other tests add A's action items
/// meanwhile, so what the pages must hold is read from the tables before paging starts.
/// </summary>
public sealed class ActionItemsServiceTests(PortalHosts hosts)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, OnBothDatabases]
    public async Task An_erp_pages_through_its_peoples_action_items_without_repeats_or_gaps_and_filters_by_state(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        var headers = PortalFactory.Bearer(await portal.GetTokenAsync(DemoData.Nordlab.ErpClientId, DemoData.Nordlab.ErpSecret));
        using var channel = portal.CreateGrpcChannel();
        var client = new ActionItemsService.ActionItemsServiceClient(channel);
        var customerOwned = await IdsAsync(portal, a.PartnershipId, customer: true, state: null);
        var openOnes = await IdsAsync(portal, a.PartnershipId, customer: true, state: "Open");
        var supplierOwned = await IdsAsync(portal, a.PartnershipId, customer: false, state: null);
        Assert.True(customerOwned.Count >= 3, "the demo gives A's people several action items");
        Assert.NotEmpty(supplierOwned);

        var all = await AllPagesAsync(client, headers, ActionItemState.Unspecified, pageSize: 2);
        var open = await AllPagesAsync(client, headers, ActionItemState.Open, pageSize: 1);

        var ids = all.Select(i => i.Id).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Empty(customerOwned.Except(ids));
        Assert.Empty(ids.Intersect(await IdsAsync(portal, a.PartnershipId, customer: false, state: null)));
        Assert.Empty(openOnes.Except(open.Select(i => i.Id)));
        Assert.All(open, i => Assert.Equal(ActionItemState.Open, i.State));
        Assert.Contains(all, i => i.State != ActionItemState.Open);

        var first = await client.GetActionItemAsync(new GetActionItemRequest { Id = customerOwned[0] }, headers, cancellationToken: Ct);
        Assert.Equal(all.Single(i => i.Id == customerOwned[0]), first);
        Assert.InRange(first.DueOn.Year, 2000, 2100);
        await PartnershipsServiceTests.AssertStatusAsync(StatusCode.NotFound,
            client.GetActionItemAsync(new GetActionItemRequest { Id = supplierOwned[0] }, headers, cancellationToken: Ct).ResponseAsync);
    }

    [Theory, OnBothDatabases]
    public async Task Another_partnerships_action_item_is_not_found(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        var arcadia = await PartnershipOfAsync(portal, DemoData.Arcadia.Name);
        var ofB = (await IdsAsync(portal, arcadia, customer: true, state: null))[0];
        using var channel = portal.CreateGrpcChannel();
        var client = new ActionItemsService.ActionItemsServiceClient(channel);
        var nordlab = PortalFactory.Bearer(await portal.GetTokenAsync(DemoData.Nordlab.ErpClientId, DemoData.Nordlab.ErpSecret));
        var arcadias = PortalFactory.Bearer(await portal.GetTokenAsync(DemoData.Arcadia.ErpClientId, DemoData.Arcadia.ErpSecret));

        var missing = await Assert.ThrowsAsync<RpcException>(() => client.GetActionItemAsync(new GetActionItemRequest { Id = ofB }, nordlab, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(ofB, (await client.GetActionItemAsync(new GetActionItemRequest { Id = ofB }, arcadias, cancellationToken: Ct)).Id);
        Assert.DoesNotContain(ofB, (await AllPagesAsync(client, nordlab, ActionItemState.Unspecified, pageSize: 200)).Select(i => i.Id));
        Assert.DoesNotContain(a.CustomerActionItemId, (await AllPagesAsync(client, arcadias, ActionItemState.Unspecified, pageSize: 200)).Select(i => i.Id));
    }

    [Theory, OnBothDatabases]
    public async Task Bad_paging_arguments_are_invalid_arguments_naming_the_field(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var headers = PortalFactory.Bearer(await portal.GetTokenAsync(DemoData.Nordlab.ErpClientId, DemoData.Nordlab.ErpSecret));
        using var channel = portal.CreateGrpcChannel();
        var client = new ActionItemsService.ActionItemsServiceClient(channel);
        var anyStateToken = (await client.ListActionItemsAsync(new ListActionItemsRequest { PageSize = 1 }, headers, cancellationToken: Ct)).NextPageToken;
        Assert.NotEmpty(anyStateToken);

        foreach (var (request, field) in new (ListActionItemsRequest, string)[]
        {
            (new() { PageSize = -1 }, "page_size"),
            (new() { PageToken = "abc" }, "page_token"),
            (new() { PageToken = ContractValues.Tampered(anyStateToken) }, "page_token"),
            (new() { PageToken = anyStateToken, State = ActionItemState.Open }, "page_token"),
            (new() { State = (ActionItemState)42 }, "state"),
        })
        {
            Assert.Equal([field], await ErpSyncServiceTests.RefusedAsync(client.ListActionItemsAsync(request, headers, cancellationToken: Ct).ResponseAsync));
        }
    }

    [Theory, OnBothDatabases]
    public async Task Reading_action_items_needs_erp_read(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var syncOnly = await portal.CreateAsync(Portal.Data.ErpClients.ErpScopes.Sync);
        using var channel = portal.CreateGrpcChannel();
        var writer = PortalFactory.Bearer(await portal.GetTokenAsync(syncOnly.Client.ClientId, syncOnly.Secret));

        await PartnershipsServiceTests.AssertStatusAsync(StatusCode.PermissionDenied,
            new ActionItemsService.ActionItemsServiceClient(channel).ListActionItemsAsync(new ListActionItemsRequest(), writer, cancellationToken: Ct).ResponseAsync);
    }

    private static async Task<List<Portal.Erp.V1.ActionItem>> AllPagesAsync(ActionItemsService.ActionItemsServiceClient client, Metadata headers, ActionItemState state, int pageSize)
    {
        var items = new List<Portal.Erp.V1.ActionItem>();
        var totals = new HashSet<int>();
        var token = "";
        do
        {
            var page = await client.ListActionItemsAsync(new ListActionItemsRequest { PageSize = pageSize, PageToken = token, State = state }, headers, cancellationToken: Ct);
            Assert.True(page.ActionItems.Count <= pageSize);
            items.AddRange(page.ActionItems);
            totals.Add(page.TotalSize);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        // Every page counts the whole filtered list (AIP-158 total_size).
        Assert.Equal([items.Count], totals);
        return items;
    }

    private static async Task<List<long>> IdsAsync(PortalFactory portal, long partnershipId, bool customer, string? state)
    {
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(Ct);
        return (await connection.QueryAsync<long>(
            $"SELECT id FROM review_action_items WHERE partnership_id = @partnershipId AND owner_customer = @customer {(state is null ? "" : "AND state = @state")} ORDER BY id",
            new { partnershipId, customer, state })).ToList();
    }

    private static async Task<long> PartnershipOfAsync(PortalFactory portal, string customerName)
    {
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(Ct);
        return await connection.ExecuteScalarAsync<long>(
            "SELECT p.id FROM partnerships p JOIN organisations o ON o.id = p.customer_org_id WHERE o.name = @customerName", new { customerName });
    }
}
