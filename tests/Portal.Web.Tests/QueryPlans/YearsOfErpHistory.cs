using Portal.Data.Erp;
using Portal.Web.Seed;

namespace Portal.Web.Tests.QueryPlans;

/// <summary>
/// Earlier years of a demo customer's ERP history: the demo's believable twelve months, generated again for each year
/// before the seeded one, under external ids of their own, so that a partnership holds years of closed business.
/// </summary>
public static class YearsOfErpHistory
{
    public static ErpHistory Before(DemoData.DemoCustomer customer, int years, DateOnly today)
    {
        var yearsBack = Enumerable.Range(1, years).Select(y => Renamed(DemoHistory.For(customer, seed: 1000 + y, today.AddYears(-y)), $"Y{y}-")).ToList();
        return new ErpHistory(
            yearsBack[0].Items,
            [.. yearsBack.SelectMany(h => h.PurchaseOrders)],
            [.. yearsBack.SelectMany(h => h.Deliveries)],
            [.. yearsBack.SelectMany(h => h.Invoices)],
            [.. yearsBack.SelectMany(h => h.Payments)]);
    }

    // Items stay shared: every year orders the same catalogue.
    private static ErpHistory Renamed(ErpHistory history, string prefix) => new(
        history.Items,
        [.. history.PurchaseOrders.Select(o => o with { ExternalId = prefix + o.ExternalId, Number = prefix + o.Number })],
        [.. history.Deliveries.Select(d => d with
        {
            ExternalId = prefix + d.ExternalId,
            Lines = [.. d.Lines.Select(l => l with { PurchaseOrderExternalId = prefix + l.PurchaseOrderExternalId })],
        })],
        [.. history.Invoices.Select(i => i with { ExternalId = prefix + i.ExternalId, Number = prefix + i.Number, PurchaseOrderExternalId = prefix + i.PurchaseOrderExternalId })],
        [.. history.Payments.Select(p => p with { ExternalId = prefix + p.ExternalId, InvoiceExternalId = prefix + p.InvoiceExternalId })]);
}
