using Portal.Data.Erp;

namespace Portal.Data.Tests.Credit;

/// <summary>
/// A random ERP history around <c>today</c> in four batches: orders and some invoices; receipts, the other invoices and
/// payments; revisions of a random share of everything (and a stale re-send); then new receipts, some after a line's
/// last receipt (which move its balance on) and some before it (which recompute it). Dates fall from about 14 months
/// back to a few weeks ahead; one record in seven is in USD against a EUR line.
/// </summary>
public sealed class RandomHistory(Random random, DateOnly today)
{
    private readonly Dictionary<string, ErpPurchaseOrder> _orders = [];
    private readonly Dictionary<string, ErpDelivery> _deliveries = [];
    private readonly Dictionary<string, ErpInvoice> _invoices = [];
    private readonly Dictionary<string, ErpPayment> _payments = [];

    public IEnumerable<ErpHistory> Batches()
    {
        var items = new List<ErpItem> { new("I-1", 1, "SKU-1", "Reagent", "ea"), new("I-2", 1, "SKU-2", "Cuvette", "pcs") };
        var orders = Many(1, 5, o => Order($"PO-{o}", 1)).ToList();
        var invoices = Many(1, 10, i => Invoice($"INV-{i}", 1)).ToList();
        var early = invoices.Take(invoices.Count / 2).ToList();
        yield return new ErpHistory(items, orders, [], early, []);

        var deliveries = Many(0, 6, d => Delivery($"GR-{d}", 1)).ToList();
        var payments = Many(0, 12, x => Payment($"PAY-{x}", 1)).ToList();
        yield return new ErpHistory([], [], deliveries, invoices.Skip(early.Count).ToList(), payments);

        yield return new ErpHistory([],
            Revise(_orders.Values, o => Order(o.ExternalId, o.Revision + 1, Referenced(o.ExternalId))).ToList(),
            Revise(_deliveries.Values, d => Delivery(d.ExternalId, d.Revision + 1)).ToList(),
            Revise(_invoices.Values, i => Invoice(i.ExternalId, i.Revision + 1)).ToList(),
            Revise(_payments.Values, p => Payment(p.ExternalId, p.Revision + 1)).Append(Stale()).OfType<ErpPayment>().ToList());

        yield return new ErpHistory([], [], Many(1, 6, d => Delivery($"GR-NEW-{d}", 1)).ToList(), [], []);
    }

    private List<T> Many<T>(int min, int max, Func<int, T> make) => Enumerable.Range(1, random.Next(min, max + 1)).Select(make).ToList();

    /// <summary>About a third of the records, each in a new revision.</summary>
    private List<T> Revise<T>(IEnumerable<T> records, Func<T, T> revise) => records.ToList().Where(_ => random.Next(3) == 0).Select(revise).ToList();

    /// <summary>An older revision of a revised payment, with another amount: it must change nothing.</summary>
    private ErpPayment? Stale() =>
        _payments.Values.FirstOrDefault(p => p.Revision > 1) is { } revised ? revised with { Revision = revised.Revision - 1, AmountMinor = revised.AmountMinor + 1 } : null;

    private DateOnly Day(int from = -420, int to = 20) => today.AddDays(random.Next(from, to));

    private string Currency() => random.Next(7) == 0 ? "USD" : "EUR";

    /// <summary>Line numbers of <paramref name="order"/> that receipts point at: a revision may not drop them.</summary>
    private HashSet<int> Referenced(string order) =>
        _deliveries.Values.SelectMany(d => d.Lines).Where(l => l.PurchaseOrderExternalId == order).Select(l => l.PurchaseOrderLineNo).ToHashSet();

    private ErpPurchaseOrder Order(string id, long revision, HashSet<int>? mustKeep = null)
    {
        var ordered = Day();
        var count = Math.Max(random.Next(1, 4), mustKeep is { Count: > 0 } ? mustKeep.Max() : 1);
        var lines = Enumerable.Range(1, count)
            .Where(no => mustKeep?.Contains(no) == true || no == 1 || random.Next(4) != 0)
            .Select(no => new ErpPurchaseOrderLine(no, random.Next(2) == 0 ? "I-1" : "I-2", random.Next(1, 21), random.Next(0, 5_001), ordered.AddDays(random.Next(0, 60))))
            .ToList();
        return _orders[id] = new ErpPurchaseOrder(id, revision, id, ordered, Currency(), lines);
    }

    private ErpDelivery Delivery(string id, long revision)
    {
        var targets = _orders.Values.SelectMany(o => o.Lines.Select(l => (o.ExternalId, l.LineNo))).ToList();
        var lines = Enumerable.Range(1, random.Next(1, 3)).Select(no =>
        {
            var (order, line) = targets[random.Next(targets.Count)];
            return new ErpDeliveryLine(no, order, line, random.Next(1, 16), null);
        }).ToList();
        return _deliveries[id] = new ErpDelivery(id, revision, Day(), lines);
    }

    private ErpInvoice Invoice(string id, long revision)
    {
        var issued = Day();
        var amount = random.Next(10) == 0 ? 0 : random.Next(1, 100_001);
        return _invoices[id] = new ErpInvoice(id, revision, $"F-{id}", null, issued, issued.AddDays(random.Next(0, 61)), amount, Currency());
    }

    private ErpPayment Payment(string id, long revision)
    {
        var invoices = _invoices.Keys.ToList();
        return _payments[id] = new ErpPayment(id, revision, invoices[random.Next(invoices.Count)], Day(-440, 30), random.Next(1, 60_001),
            random.Next(10) == 0 ? "USD" : "EUR");
    }
}
