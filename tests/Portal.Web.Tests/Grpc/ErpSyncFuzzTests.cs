using Grpc.Core;
using Portal.Data.Database;
using Portal.Data.Erp;
using Portal.Erp.V1;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Grpc;

/// <summary>
/// Hostile and malformed records, generated from a fixed seed, through the real gRPC service: every call is refused
/// with INVALID_ARGUMENT naming a record of the call, and nothing is stored. Ten hostile records ride in each unary call
/// (each one alone would be refused too) so that 10,000 cases take seconds, not minutes.
/// </summary>
public sealed class ErpSyncFuzzTests(PortalHosts hosts)
{
    private const int Calls = 1000;
    private const int RecordsPerCall = 10;
    private const int Streams = 200;

    private static readonly string[] HostileTexts = ["", "   ", new('x', 201), new('y', 10_000), "a\0b", "tab\there", "\u007f", "line\nbreak"];
    private static readonly (int Year, int Month, int Day)?[] HostileDates =
        [null, (2026, 2, 30), (1999, 12, 31), (2101, 1, 1), (1, 1, 1), (9999, 12, 31), (0, 1, 1), (2026, 13, 1), (2026, 0, 0), (-5, 1, 1), (2026, 1, 32)];
    // The last is well formed but not the partnership's currency (EUR).
    private static readonly string[] HostileCurrencies = ["", "eu", "EURO", "eur", "€UR", "E1R", "   ", "USD"];
    private static readonly int[] HostileInts = [0, -1, -1000, int.MinValue];
    private static readonly long[] HostileLongs = [0, -1, long.MinValue];
    private static readonly int[] HostileQuantities = [.. HostileInts, int.MaxValue, ErpSyncRules.MaxQuantity + 1];
    private static readonly long[] HostileAmounts = [-1, long.MinValue, long.MaxValue, ErpSyncRules.MaxAmountMinor + 1];

    [Theory, OnBothDatabases]
    public async Task Ten_thousand_hostile_records_are_all_refused_as_invalid_and_store_nothing(DatabaseProvider provider)
    {
        using var s = await ErpSyncSession.StartAsync(hosts.For(provider));
        await s.SeedOrderAsync();
        var random = new Random(20261123);
        var unexpected = new List<string>();

        for (var call = 0; call < Calls; call++)
        {
            var kind = random.Next(5);
            var requestId = s.Id($"fuzz-{call}");
            (Task<(StatusCode, List<string>)> task, string list) = kind switch
            {
                0 => (Send(s.Sync.UpsertItemsAsync(new UpsertItemsRequest { RequestId = requestId, Items = { Many(() => HostileItem(s, random)) } }, s.Headers, cancellationToken: Ct).ResponseAsync), "items["),
                1 => (Send(s.Sync.UpsertPurchaseOrdersAsync(new UpsertPurchaseOrdersRequest { RequestId = requestId, PurchaseOrders = { Many(() => HostileOrder(s, random)) } }, s.Headers, cancellationToken: Ct).ResponseAsync), "purchase_orders["),
                2 => (Send(s.Sync.UpsertDeliveriesAsync(new UpsertDeliveriesRequest { RequestId = requestId, Deliveries = { Many(() => HostileDelivery(s, random)) } }, s.Headers, cancellationToken: Ct).ResponseAsync), "deliveries["),
                3 => (Send(s.Sync.UpsertInvoicesAsync(new UpsertInvoicesRequest { RequestId = requestId, Invoices = { Many(() => HostileInvoice(s, random)) } }, s.Headers, cancellationToken: Ct).ResponseAsync), "invoices["),
                _ => (Send(s.Sync.UpsertPaymentsAsync(new UpsertPaymentsRequest { RequestId = requestId, Payments = { Many(() => HostilePayment(s, random)) } }, s.Headers, cancellationToken: Ct).ResponseAsync), "payments["),
            };
            var (status, fields) = await task;
            if (status != StatusCode.InvalidArgument || fields.Count == 0 || fields.Any(f => !f.StartsWith(list, StringComparison.Ordinal)))
            {
                unexpected.Add($"call {call}: {status} [{string.Join(", ", fields)}]");
            }
        }
        for (var stream = 0; stream < Streams; stream++)
        {
            var envelopes = HostileStream(s, random, stream);
            var (status, fields) = await Send(ErpSyncServiceTests.StreamAsync(s, envelopes));
            if (status != StatusCode.InvalidArgument || fields.Count == 0 || fields.Any(f => !f.StartsWith("envelopes[", StringComparison.Ordinal)))
            {
                var sent = string.Join(" ", envelopes);
                unexpected.Add($"stream {stream}: {status} [{string.Join(", ", fields)}] {sent[..Math.Min(sent.Length, 600)]}");
            }
        }

        Assert.True(unexpected.Count == 0, string.Join("\n", unexpected));
        Assert.Equal((1L, 1L, 0L, 0L, 0L), (await s.CountAsync("items"), await s.CountAsync("purchase_orders"), await s.CountAsync("deliveries"),
            await s.CountAsync("invoices"), await s.CountAsync("payments")));

        IEnumerable<T> Many<T>(Func<T> make) => Enumerable.Range(0, RecordsPerCall).Select(_ => make()).ToList();
    }

    private static Item HostileItem(ErpSyncSession s, Random r)
    {
        var item = s.Item($"fz-{r.Next()}");
        Mutate(r, [
            () => item.ExternalId = Pick(r, HostileTexts),
            () => item.Revision = Pick(r, HostileLongs),
            () => item.Sku = Pick(r, HostileTexts),
            () => item.Name = Pick(r, HostileTexts),
            () => item.Unit = Pick(r, HostileTexts),
        ]);
        return item;
    }

    private static Google.Type.Date? HostileDate(Random r) =>
        Pick(r, HostileDates) is { } d ? new Google.Type.Date { Year = d.Year, Month = d.Month, Day = d.Day } : null;

    private static PurchaseOrder HostileOrder(ErpSyncSession s, Random r)
    {
        var order = s.Order($"fz-{r.Next()}", "item", lines: r.Next(1, 4));
        var line = order.Lines[r.Next(order.Lines.Count)];
        Mutate(r, [
            () => order.ExternalId = Pick(r, HostileTexts),
            () => order.Revision = Pick(r, HostileLongs),
            () => order.Number = Pick(r, HostileTexts),
            () => order.OrderedOn = HostileDate(r),
            () => line.UnitPrice?.CurrencyCode = Pick(r, HostileCurrencies),
            () => line.UnitPrice = null,
            () => order.Lines.Clear(),
            () => line.LineNo = Pick(r, HostileInts),
            () => line.Quantity = Pick(r, HostileQuantities),
            () => line.UnitPrice?.AmountMinor = r.Next(2) == 0 ? -1 - r.Next(1000) : Pick(r, HostileAmounts),
            () => line.DueOn = HostileDate(r),
            () => line.ItemExternalId = r.Next(2) == 0 ? Pick(r, HostileTexts) : s.Id($"unknown-{r.Next()}"),
            () => { if (order.Lines.Count > 0) order.Lines.Add(order.Lines[0].Clone()); },
        ]);
        return order;
    }

    private static Delivery HostileDelivery(ErpSyncSession s, Random r)
    {
        var delivery = s.Delivery($"fz-{r.Next()}", "po", lineNo: r.Next(1, 4));
        var line = delivery.Lines[0];
        Mutate(r, [
            () => delivery.ExternalId = Pick(r, HostileTexts),
            () => delivery.Revision = Pick(r, HostileLongs),
            () => delivery.DeliveredOn = HostileDate(r),
            () => delivery.Lines.Clear(),
            () => line.LineNo = Pick(r, HostileInts),
            () => line.Quantity = Pick(r, HostileQuantities),
            () => line.Lot = Pick(r, HostileTexts.Where(t => t.Length > 0).ToArray()),
            () => line.PurchaseOrderLineNo = r.Next(2) == 0 ? Pick(r, HostileInts) : 4 + r.Next(100),
            () => line.PurchaseOrderExternalId = r.Next(2) == 0 ? Pick(r, HostileTexts) : s.Id($"unknown-{r.Next()}"),
            () => { if (delivery.Lines.Count > 0) delivery.Lines.Add(delivery.Lines[0].Clone()); },
        ]);
        return delivery;
    }

    private static Invoice HostileInvoice(ErpSyncSession s, Random r)
    {
        var invoice = new Invoice
        {
            ExternalId = s.Id($"fz-{r.Next()}"), Revision = 1, Number = "F-1", PurchaseOrderExternalId = s.Id("po"), IssuedOn = ContractValues.Date("2026-01-01"), DueOn = ContractValues.Date("2026-02-01"),
            Amount = ContractValues.Eur(100),
        };
        Mutate(r, [
            () => invoice.ExternalId = Pick(r, HostileTexts),
            () => invoice.Revision = Pick(r, HostileLongs),
            () => invoice.Number = Pick(r, HostileTexts),
            () => invoice.PurchaseOrderExternalId = r.Next(2) == 0 ? Pick(r, HostileTexts.Where(t => t.Length > 0).ToArray()) : s.Id($"unknown-{r.Next()}"),
            () => invoice.IssuedOn = HostileDate(r),
            () => invoice.DueOn = r.Next(2) == 0 ? HostileDate(r) : ContractValues.Date("2025-12-31"),
            () => invoice.Amount?.AmountMinor = Pick(r, HostileAmounts),
            () => invoice.Amount?.CurrencyCode = Pick(r, HostileCurrencies),
            () => invoice.Amount = null,
        ]);
        return invoice;
    }

    private static Payment HostilePayment(ErpSyncSession s, Random r)
    {
        var payment = new Payment { ExternalId = s.Id($"fz-{r.Next()}"), Revision = 1, InvoiceExternalId = s.Id($"unknown-{r.Next()}"), PaidOn = ContractValues.Date("2026-01-01"), Amount = ContractValues.Eur(100) };
        Mutate(r, [
            () => payment.ExternalId = Pick(r, HostileTexts),
            () => payment.Revision = Pick(r, HostileLongs),
            () => payment.InvoiceExternalId = Pick(r, HostileTexts),
            () => payment.PaidOn = HostileDate(r),
            () => payment.Amount?.AmountMinor = Pick(r, [0, .. HostileAmounts]),
            () => payment.Amount?.CurrencyCode = Pick(r, HostileCurrencies),
            () => payment.Amount = null,
        ]);
        return payment;
    }

    /// <summary>A stream whose envelopes are fine but for one: no record, a sequence that does not grow, a foreign stream id, or a hostile record.</summary>
    private static List<StreamUpsertsRequest> HostileStream(ErpSyncSession s, Random r, int number)
    {
        var streamId = s.Id($"fuzz-stream-{number}");
        var envelopes = Enumerable.Range(1, r.Next(1, 4)).Select(i => new StreamUpsertsRequest { StreamId = streamId, Sequence = i, Item = s.Item($"st-{number}-{i}") }).ToList();
        var victim = envelopes[r.Next(envelopes.Count)];
        Mutate(r, [
            () => victim.ClearRecord(),
            () => victim.Sequence = Pick(r, HostileLongs),
            () => victim.StreamId = r.Next(2) == 0 ? "" : new string('s', 101),
            () => victim.Payment = HostilePayment(s, r),
            () => victim.Delivery = HostileDelivery(s, r),
        ], max: 1);
        return envelopes;
    }

    private static void Mutate(Random r, Action[] mutations, int max = 3)
    {
        foreach (var mutation in mutations.OrderBy(_ => r.Next()).Take(r.Next(1, max + 1))) mutation();
    }

    private static T Pick<T>(Random r, T[] values) => values[r.Next(values.Length)];

    private static async Task<(StatusCode Status, List<string> Fields)> Send<T>(Task<T> call)
    {
        try
        {
            await call;
            return (StatusCode.OK, []);
        }
        catch (RpcException e)
        {
            var badRequest = e.StatusCode == StatusCode.InvalidArgument ? e.GetRpcStatus()?.GetDetail<Google.Rpc.BadRequest>() : null;
            return (e.StatusCode, badRequest?.FieldViolations.Select(v => v.Field).ToList() ?? [e.Status.Detail]);
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}
