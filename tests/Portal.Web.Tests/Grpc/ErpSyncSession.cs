using Dapper;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Database;
using Portal.Data.ErpClients;
using Portal.Erp.V1;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Grpc;

/// <summary>
/// An ERP client of the test's own on Nordlab's partnership, with a real token, and record builders whose external
/// ids carry a prefix of the test's own, so that tests sharing the portal never touch each other's rows.
/// </summary>
public sealed class ErpSyncSession : IDisposable
{
    private ErpSyncSession(PortalFactory portal, GrpcChannel channel, Metadata headers, string clientId)
    {
        ClientId = clientId;
        Portal = portal;
        Channel = channel;
        Headers = headers;
        Sync = new ErpSyncService.ErpSyncServiceClient(channel);
    }

    public string ClientId { get; }
    public PortalFactory Portal { get; }
    public GrpcChannel Channel { get; }
    public Metadata Headers { get; }
    public ErpSyncService.ErpSyncServiceClient Sync { get; }
    public string Prefix { get; } = $"t{Guid.NewGuid():N}"[..16];

    public static async Task<ErpSyncSession> StartAsync(PortalFactory portal)
    {
        var client = await portal.CreateAsync(ErpScopes.Sync);
        var token = await portal.GetTokenAsync(client.Client.ClientId, client.Secret);
        return new ErpSyncSession(portal, portal.CreateGrpcChannel(), PortalFactory.Bearer(token), client.Client.ClientId);
    }

    public string Id(string local) => $"{Prefix}-{local}";

    public Item Item(string local, long revision = 1, string name = "Bracket") =>
        new() { ExternalId = Id(local), Revision = revision, Sku = $"SKU-{local}", Name = name, Unit = "pcs" };

    public PurchaseOrder Order(string local, string itemLocal, int lines = 3, long revision = 1)
    {
        var order = new PurchaseOrder { ExternalId = Id(local), Revision = revision, Number = local, OrderedOn = ContractValues.Date("2026-01-05") };
        for (var i = 1; i <= lines; i++)
        {
            order.Lines.Add(new PurchaseOrderLine { LineNo = i, ItemExternalId = Id(itemLocal), Quantity = 1000, UnitPrice = ContractValues.Eur(250), DueOn = ContractValues.Date("2026-02-01") });
        }
        return order;
    }

    public Delivery Delivery(string local, string orderLocal, int lineNo = 1, int quantity = 4, long revision = 1) => new()
    {
        ExternalId = Id(local), Revision = revision, DeliveredOn = ContractValues.Date("2026-01-20"),
        Lines = { new DeliveryLine { LineNo = 1, PurchaseOrderExternalId = Id(orderLocal), PurchaseOrderLineNo = lineNo, Quantity = quantity, Lot = "LOT-1" } },
    };

    /// <summary>An item and a purchase order with lines to deliver against.</summary>
    public async Task SeedOrderAsync(string itemLocal = "item", string orderLocal = "po")
    {
        await Sync.UpsertItemsAsync(new UpsertItemsRequest { RequestId = Id("seed-items"), Items = { Item(itemLocal) } }, Headers, cancellationToken: Ct);
        await Sync.UpsertPurchaseOrdersAsync(new UpsertPurchaseOrdersRequest { RequestId = Id("seed-orders"), PurchaseOrders = { Order(orderLocal, itemLocal) } }, Headers, cancellationToken: Ct);
    }

    /// <summary>Rows of <paramref name="table"/> whose external id has this session's prefix.</summary>
    public async Task<long> CountAsync(string table)
    {
        var database = Portal.Services.GetRequiredService<PortalDatabase>();
        await using var connection = await database.OpenAsync(Ct);
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE external_id LIKE @prefix", new { prefix = Prefix + "-%" });
    }

    public void Dispose() => Channel.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}
