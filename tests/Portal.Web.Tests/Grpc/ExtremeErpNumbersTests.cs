using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Credit;
using Portal.Data.Database;
using Portal.Data.Erp;
using Portal.Data.ErpClients;
using Portal.Data.Organisations;
using Portal.Data.Partnerships;
using Portal.Data.Tenancy;
using Portal.Erp.V1;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Grpc;

/// <summary>
/// A hostile ERP's numbers: one invoice of long.MaxValue used to take the partnership's dashboard, credit page and
/// GetCreditPosition down (overflow in SQL and in the credit rules). Amounts beyond the contract's maxima are field
/// violations; a history at the maxima keeps every page and the position up. On a partnership of the test's own.
/// </summary>
public sealed class ExtremeErpNumbersTests(PortalHosts hosts)
{
    private const int MaximalInvoices = 1000;

    [Theory, OnBothDatabases]
    public async Task Amounts_quantities_and_prices_beyond_the_maxima_are_field_violations(DatabaseProvider provider)
    {
        var (_, sync, headers, _) = await PartnershipAsync(hosts.For(provider));

        var invoices = await ErpSyncServiceTests.RefusedAsync(sync.UpsertInvoicesAsync(new UpsertInvoicesRequest
        {
            RequestId = "huge-invoices",
            Invoices = { Invoice("huge", long.MaxValue), Invoice("just-over", ErpSyncRules.MaxAmountMinor + 1) },
        }, headers, cancellationToken: Ct).ResponseAsync);
        var payments = await ErpSyncServiceTests.RefusedAsync(sync.UpsertPaymentsAsync(new UpsertPaymentsRequest
        {
            RequestId = "huge-payments",
            Payments = { new Payment { ExternalId = "pay", Revision = 1, InvoiceExternalId = "inv", PaidOn = ContractValues.Date("2026-01-02"), Amount = ContractValues.Eur(long.MaxValue) } },
        }, headers, cancellationToken: Ct).ResponseAsync);
        var orders = await ErpSyncServiceTests.RefusedAsync(sync.UpsertPurchaseOrdersAsync(new UpsertPurchaseOrdersRequest
        {
            RequestId = "huge-orders",
            PurchaseOrders =
            {
                new PurchaseOrder
                {
                    ExternalId = "po", Revision = 1, Number = "PO", OrderedOn = ContractValues.Date("2026-01-01"),
                    Lines =
                    {
                        new PurchaseOrderLine { LineNo = 1, ItemExternalId = "item", Quantity = int.MaxValue, UnitPrice = ContractValues.Eur(1), DueOn = ContractValues.Date("2026-02-01") },
                        new PurchaseOrderLine { LineNo = 2, ItemExternalId = "item", Quantity = 1, UnitPrice = ContractValues.Eur(long.MaxValue), DueOn = ContractValues.Date("2026-02-01") },
                        new PurchaseOrderLine { LineNo = 3, ItemExternalId = "item", Quantity = ErpSyncRules.MaxQuantity, UnitPrice = ContractValues.Eur(ErpSyncRules.MaxAmountMinor), DueOn = ContractValues.Date("2026-02-01") },
                    },
                },
            },
        }, headers, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(["invoices[0].amount.amount_minor", "invoices[1].amount.amount_minor"], invoices);
        Assert.Equal(["payments[0].amount.amount_minor", "payments[0].invoice_external_id"], payments);
        Assert.Equal(["purchase_orders[0].lines[0].quantity", "purchase_orders[0].lines[1].unit_price.amount_minor", "purchase_orders[0].lines[2].unit_price.amount_minor"],
            orders.Where(f => f.Contains(".quantity", StringComparison.Ordinal) || f.Contains("unit_price", StringComparison.Ordinal)).Order().ToList());
    }

    [Theory, OnBothDatabases]
    public async Task A_history_at_the_maxima_keeps_the_dashboard_the_credit_page_and_the_position_up(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var (partnershipId, sync, headers, channel) = await PartnershipAsync(portal);
        await sync.UpsertItemsAsync(new UpsertItemsRequest { RequestId = "items", Items = { new Item { ExternalId = "item", Revision = 1, Sku = "X", Name = "X", Unit = "pcs" } } },
            headers, cancellationToken: Ct);
        await sync.UpsertPurchaseOrdersAsync(new UpsertPurchaseOrdersRequest
        {
            RequestId = "orders",
            PurchaseOrders =
            {
                new PurchaseOrder
                {
                    ExternalId = "po", Revision = 1, Number = "PO", OrderedOn = ContractValues.Date("2026-01-01"),
                    Lines = { new PurchaseOrderLine { LineNo = 1, ItemExternalId = "item", Quantity = 10, UnitPrice = ContractValues.Eur(ErpSyncRules.MaxAmountMinor / 10), DueOn = ContractValues.Date("2026-02-01") } },
                },
            },
        }, headers, cancellationToken: Ct);
        var request = new UpsertInvoicesRequest { RequestId = "maximal" };
        request.Invoices.AddRange(Enumerable.Range(0, MaximalInvoices).Select(i => Invoice($"max-{i}", ErpSyncRules.MaxAmountMinor)));
        await sync.UpsertInvoicesAsync(request, headers, cancellationToken: Ct);
        using var admin = await WebSession.SignInAsync(portal, "admin@helix.example");

        var (dashboard, _, _) = await admin.GetAsync($"/p/{partnershipId}");
        var (credit, body, _) = await admin.GetAsync($"/p/{partnershipId}/credit");
        var position = await new Erp.V1.CreditService.CreditServiceClient(channel).GetCreditPositionAsync(new GetCreditPositionRequest(), headers, cancellationToken: Ct);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (dashboard, credit));
        Assert.Contains("data-credit-chart", body);
        Assert.Equal((MaximalInvoices + 1) * ErpSyncRules.MaxAmountMinor, position.Exposure.AmountMinor);
    }

    private static Invoice Invoice(string id, long amountMinor) => new()
    {
        ExternalId = id, Revision = 1, Number = id, IssuedOn = ContractValues.Date("2026-01-01"), DueOn = ContractValues.Date("2026-02-01"), Amount = ContractValues.Eur(amountMinor),
    };

    /// <summary>A customer of its own with a partnership, a credit line at the maximum counting open orders, and an ERP client with every scope.</summary>
    private static async Task<(long PartnershipId, ErpSyncService.ErpSyncServiceClient Sync, Metadata Headers, GrpcChannel Channel)> PartnershipAsync(PortalFactory portal)
    {
        var services = portal.Services;
        var admin = new CallerScope { Kind = ActorKind.System, ActorName = "test", IsAdmin = true, IsSupplier = true, PartnershipIds = [] };
        var name = $"Extreme {Guid.NewGuid():N}";
        var customer = await services.GetRequiredService<OrganisationStore>().CreateAsync(admin, name, OrganisationKind.Customer, Ct);
        var partnership = await services.GetRequiredService<PartnershipStore>().CreateAsync(admin, new PartnershipInput(name, customer.Id, "EUR", null, null), Ct);
        var system = CallerScope.ForSystem("test", partnership.Id);
        await services.GetRequiredService<CreditStore>().SetLineAsync(system, partnership.Id, new CreditLineInput(Portal.Data.Money.MaxMinor, "EUR", 30, CountOpenOrders: true), Ct);
        var client = (await services.GetRequiredService<ErpClientStore>().CreateAsync(system, partnership.Id, name, ErpScopes.All, cancellationToken: Ct))!;
        var token = await portal.GetTokenAsync(client.Client.ClientId, client.Secret);
        var channel = portal.CreateGrpcChannel();
        return (partnership.Id, new ErpSyncService.ErpSyncServiceClient(channel), PortalFactory.Bearer(token), channel);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}
