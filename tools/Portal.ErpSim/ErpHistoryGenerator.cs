using System.Globalization;
using Portal.Erp.V1;

namespace Portal.ErpSim;

/// <summary>
/// A realistic ERP history from a seed and a size (the number of purchase orders): items, orders of one to four lines,
/// a goods receipt per line (now and then short or late), an invoice per receipt and payments for most invoices, in the
/// order an ERP would send them. The orders are spread evenly over <c>years</c> years ending on <c>until</c> (the receipts,
/// invoices and payments of the last weeks' orders fall after it, as they would). The same arguments always give the
/// same envelopes.
/// </summary>
public static class ErpHistoryGenerator
{
    /// <summary>The default end: with one year it gives the calendar year 2025, the history this generator always made.</summary>
    public static readonly DateOnly DefaultUntil = new(2025, 12, 31);

    public static IEnumerable<StreamUpsertsRequest> Generate(int seed, int size, int years = 1, DateOnly? until = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(years, 1);
        var end = until ?? DefaultUntil;
        var start = end.AddYears(-years).AddDays(1);
        var days = end.DayNumber - start.DayNumber + 1;
        var random = new Random(seed);
        var prefix = $"SIM{seed}";
        var sequence = 0L;
        var itemCount = Math.Max(5, size / 20);
        var prices = new long[itemCount];
        for (var i = 0; i < itemCount; i++)
        {
            prices[i] = random.Next(80, 2400) * 100L;
            yield return Envelope(new Item { ExternalId = ItemId(i), Revision = 1, Sku = $"HX-{seed}-{i:00000}", Name = $"Component {i}", Unit = i % 3 == 0 ? "pcs" : "ea" });
        }
        var receipts = new List<(string Order, int Line, int Quantity, long Price, DateOnly Due)>();
        for (var o = 0; o < size; o++)
        {
            var ordered = start.AddDays((int)((long)o * days / Math.Max(1, size)));
            var order = new PurchaseOrder { ExternalId = $"{prefix}-PO-{o}", Revision = 1, Number = (450000 + o).ToString(CultureInfo.InvariantCulture), OrderedOn = Day(ordered) };
            for (var line = 1; line <= random.Next(1, 5); line++)
            {
                var item = random.Next(itemCount);
                var due = ordered.AddDays(random.Next(14, 35));
                var quantity = random.Next(2, 400);
                order.Lines.Add(new PurchaseOrderLine { LineNo = line, ItemExternalId = ItemId(item), Quantity = quantity, UnitPrice = Euros(prices[item]), DueOn = Day(due) });
                receipts.Add((order.ExternalId, line, quantity, prices[item], due));
            }
            yield return Envelope(order);
        }
        foreach (var (order, line, ordered, price, due) in receipts)
        {
            var deliveredOn = due.AddDays(random.Next(7) == 0 ? random.Next(1, 11) : -random.Next(0, 4));
            var quantity = random.Next(12) == 0 ? Math.Max(1, ordered - random.Next(1, 4)) : ordered;
            yield return Envelope(new Delivery
            {
                ExternalId = $"{order}-GR-{line}", Revision = 1, DeliveredOn = Day(deliveredOn),
                Lines = { new DeliveryLine { LineNo = 1, PurchaseOrderExternalId = order, PurchaseOrderLineNo = line, Quantity = quantity, Lot = $"LOT-{deliveredOn:yyMM}-{random.Next(100, 999)}" } },
            });
        }
        var payable = new List<(string Invoice, long Amount, DateOnly Due)>();
        foreach (var (order, line, ordered, price, due) in receipts)
        {
            var invoiceId = $"{order}-INV-{line}";
            var dueOn = due.AddDays(30);
            yield return Envelope(new Invoice
            {
                ExternalId = invoiceId, Revision = 1, Number = $"F{order[^6..]}{line}", PurchaseOrderExternalId = order, IssuedOn = Day(due), DueOn = Day(dueOn),
                Amount = Euros(ordered * price),
            });
            if (random.Next(10) != 0) payable.Add((invoiceId, ordered * price, dueOn));
        }
        foreach (var (invoice, amount, due) in payable)
        {
            yield return Envelope(new Payment { ExternalId = $"{invoice}-PAY", Revision = 1, InvoiceExternalId = invoice, PaidOn = Day(due.AddDays(random.Next(-10, 15))), Amount = Euros(amount) });
        }

        string ItemId(int i) => $"{prefix}-ITEM-{i}";

        StreamUpsertsRequest Envelope(Google.Protobuf.IMessage record)
        {
            var envelope = new StreamUpsertsRequest { Sequence = ++sequence };
            switch (record)
            {
                case Item item: envelope.Item = item; break;
                case PurchaseOrder order: envelope.PurchaseOrder = order; break;
                case Delivery delivery: envelope.Delivery = delivery; break;
                case Invoice invoice: envelope.Invoice = invoice; break;
                case Payment payment: envelope.Payment = payment; break;
            }
            return envelope;
        }
    }

    private static Google.Type.Date Day(DateOnly date) => new() { Year = date.Year, Month = date.Month, Day = date.Day };

    // The history trades in euros: push it to a partnership whose currency is EUR (the portal refuses other currencies).
    private static Money Euros(long minor) => new() { AmountMinor = minor, CurrencyCode = "EUR" };
}
