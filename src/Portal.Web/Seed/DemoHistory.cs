using System.Globalization;
using Portal.Data.Erp;

namespace Portal.Web.Seed;

/// <summary>
/// Twelve months of believable ERP history for one customer: weekly orders, deliveries that are mostly on time
/// (some late, some short), invoices on delivery and payments that are mostly on time. A fixed seed keeps every
/// demo identical, so the dashboard's figures are the same on every machine.
/// <para>
/// <c>scale</c> (Portal:Demo:HistoryScale) makes it that many times the orders, to show the portal at real volume: up to
/// 10 it reaches back that many years at the same weekly pace (a partner of long standing); beyond 10 it stays at ten
/// years and orders come that many times more often (a bigger customer: 100 gives ten years of about ten orders a week).
/// Scale 1 is the twelve months above, to the day.
/// </para>
/// </summary>
public static class DemoHistory
{
    private const int MaxYears = 10;

    public static int Years(int scale) => Math.Clamp(scale, 1, MaxYears);

    public static ErpHistory For(DemoData.DemoCustomer customer, int seed, DateOnly today, int scale = 1)
    {
        var random = new Random(seed);
        var prefix = customer.ErpClientId[..3].ToUpperInvariant();
        var items = customer.Products.Select((name, i) => new ErpItem($"ITEM-{i + 1:000}", 1, $"HX-{prefix}-{100 + i}", name, i % 3 == 0 ? "pcs" : "ea")).ToList();
        var prices = items.ToDictionary(i => i.ExternalId, _ => (long)random.Next(80, 2400) * 100);
        var orders = new List<ErpPurchaseOrder>();
        var deliveries = new List<ErpDelivery>();
        var invoices = new List<ErpInvoice>();
        var payments = new List<ErpPayment>();
        var start = today.AddMonths(-12 * Years(scale));
        // Days since start, fractional when orders come more often than weekly; at scale 1 it draws the same gaps as ever.
        var pace = (double)Math.Max(1, scale) / Years(scale);
        var offset = 0.0;
        var number = 4500;
        for (var ordered = start; ordered <= today.AddDays(-3); ordered = start.AddDays((int)(offset += random.Next(5, 10) / pace)))
        {
            number++;
            var orderId = $"PO-{number}";
            var lines = Enumerable.Range(1, random.Next(1, 4)).Select(lineNo =>
            {
                var item = items[random.Next(items.Count)];
                return new ErpPurchaseOrderLine(lineNo, item.ExternalId, random.Next(2, 40), prices[item.ExternalId], ordered.AddDays(random.Next(14, 35)));
            }).ToList();
            orders.Add(new ErpPurchaseOrder(orderId, 1, number.ToString(CultureInfo.InvariantCulture), ordered, customer.Currency, lines));

            foreach (var line in lines.Where(l => l.DueOn <= today.AddDays(5)))
            {
                // Mostly on time; about one in seven late by up to ten days; one in twelve delivered short.
                var lateBy = random.Next(7) == 0 ? random.Next(1, 11) : -random.Next(0, 4);
                var deliveredOn = line.DueOn.AddDays(lateBy);
                if (deliveredOn > today)
                {
                    continue;
                }
                var quantity = random.Next(12) == 0 ? Math.Max(1, line.Quantity - random.Next(1, 4)) : line.Quantity;
                var deliveryId = $"GR-{orderId}-{line.LineNo}";
                deliveries.Add(new ErpDelivery(deliveryId, 1, deliveredOn,
                    [new ErpDeliveryLine(1, orderId, line.LineNo, quantity, $"LOT-{deliveredOn:yyMM}-{random.Next(100, 999)}")]));
                var amount = quantity * line.UnitPriceMinor;
                var invoiceId = $"INV-{orderId}-{line.LineNo}";
                var dueOn = deliveredOn.AddDays(30);
                invoices.Add(new ErpInvoice(invoiceId, 1, $"{prefix}{number}{line.LineNo}", orderId, deliveredOn, dueOn, amount, customer.Currency));
                var paidOn = dueOn.AddDays(random.Next(10) == 0 ? random.Next(5, 25) : -random.Next(0, 10));
                if (paidOn <= today && random.Next(30) != 0)
                {
                    payments.Add(new ErpPayment($"PAY-{invoiceId}", 1, invoiceId, paidOn, amount, customer.Currency));
                }
            }
        }
        return new ErpHistory(items, orders, deliveries, invoices, payments);
    }
}
