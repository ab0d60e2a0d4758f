using Google.Rpc;
using Grpc.Core;
using Portal.Data.Database;
using Portal.Data.ErpClients;
using Portal.Erp.V1;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Grpc;

/// <summary>Through the real token endpoint: an ERP upserts its records by unary batches and by stream.</summary>
public sealed class ErpSyncServiceTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task Each_record_gets_its_result_in_request_order(DatabaseProvider provider)
    {
        using var s = await ErpSyncSession.StartAsync(hosts.For(provider));
        await s.Sync.UpsertItemsAsync(new UpsertItemsRequest { RequestId = s.Id("r1"), Items = { s.Item("a", 2), s.Item("b", 1) } }, s.Headers, cancellationToken: Ct);

        var response = await s.Sync.UpsertItemsAsync(new UpsertItemsRequest
        {
            RequestId = s.Id("r2"), Items = { s.Item("c"), s.Item("a", 3), s.Item("b", 1), s.Item("a", 1) },
        }, s.Headers, cancellationToken: Ct);

        Assert.Equal([(s.Id("c"), UpsertResult.Created), (s.Id("a"), UpsertResult.Updated), (s.Id("b"), UpsertResult.Unchanged), (s.Id("a"), UpsertResult.Stale)],
            response.Results.Select(r => (r.ExternalId, r.Result)));
        Assert.False(response.Replayed);
        Assert.Equal(3, await s.CountAsync("items"));
    }

    [Theory, OnBothDatabases]
    public async Task A_replayed_request_id_returns_the_original_answer_and_writes_nothing(DatabaseProvider provider)
    {
        using var s = await ErpSyncSession.StartAsync(hosts.For(provider));
        await s.SeedOrderAsync();
        var first = await s.Sync.UpsertDeliveriesAsync(new UpsertDeliveriesRequest { RequestId = s.Id("d"), Deliveries = { s.Delivery("d1", "po") } }, s.Headers, cancellationToken: Ct);

        var replay = await s.Sync.UpsertDeliveriesAsync(new UpsertDeliveriesRequest { RequestId = s.Id("d"), Deliveries = { s.Delivery("d1", "po") } }, s.Headers, cancellationToken: Ct);

        Assert.Equal(first.Results, replay.Results);
        Assert.True(replay.Replayed);
        Assert.Equal(1, await s.CountAsync("deliveries"));
    }

    [Theory, OnBothDatabases]
    public async Task A_request_id_reused_with_other_records_is_already_exists_and_writes_nothing(DatabaseProvider provider)
    {
        using var s = await ErpSyncSession.StartAsync(hosts.For(provider));
        await s.SeedOrderAsync();
        await s.Sync.UpsertDeliveriesAsync(new UpsertDeliveriesRequest { RequestId = s.Id("d"), Deliveries = { s.Delivery("d1", "po") } }, s.Headers, cancellationToken: Ct);

        var reused = await Assert.ThrowsAsync<RpcException>(() => s.Sync.UpsertDeliveriesAsync(new UpsertDeliveriesRequest
        {
            RequestId = s.Id("d"), Deliveries = { s.Delivery("d1", "po", revision: 2, quantity: 9), s.Delivery("d2", "po") },
        }, s.Headers, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, reused.StatusCode);
        Assert.Contains("already used for a different batch", reused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1, await s.CountAsync("deliveries"));
    }

    [Theory, OnBothDatabases]
    public async Task A_batch_with_one_bad_record_writes_nothing_and_names_its_index_and_field(DatabaseProvider provider)
    {
        using var s = await ErpSyncSession.StartAsync(hosts.For(provider));
        await s.SeedOrderAsync();
        var request = new UpsertDeliveriesRequest { RequestId = s.Id("bad") };
        for (var i = 0; i < 5; i++) request.Deliveries.Add(s.Delivery($"d{i}", "po", quantity: i == 3 ? -1 : 2));

        var refused = await RefusedAsync(s.Sync.UpsertDeliveriesAsync(request, s.Headers, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(["deliveries[3].lines[0].quantity"], refused);
        Assert.Equal(0, await s.CountAsync("deliveries"));
    }

    [Theory, OnBothDatabases]
    public async Task References_to_unknown_records_are_field_violations(DatabaseProvider provider)
    {
        using var s = await ErpSyncSession.StartAsync(hosts.For(provider));
        await s.SeedOrderAsync();

        var deliveryLine = await RefusedAsync(s.Sync.UpsertDeliveriesAsync(new UpsertDeliveriesRequest
        {
            RequestId = s.Id("x1"), Deliveries = { s.Delivery("d1", "po"), s.Delivery("d2", "po", lineNo: 99) },
        }, s.Headers, cancellationToken: Ct).ResponseAsync);
        var payment = await RefusedAsync(s.Sync.UpsertPaymentsAsync(new UpsertPaymentsRequest
        {
            RequestId = s.Id("x2"), Payments = { new Payment { ExternalId = s.Id("pay"), Revision = 1, InvoiceExternalId = s.Id("nope"), PaidOn = ContractValues.Date("2026-01-01"), Amount = ContractValues.Eur(5) } },
        }, s.Headers, cancellationToken: Ct).ResponseAsync);
        var orderLine = await RefusedAsync(s.Sync.UpsertPurchaseOrdersAsync(new UpsertPurchaseOrdersRequest
        {
            RequestId = s.Id("x3"), PurchaseOrders = { s.Order("po2", "no-item") },
        }, s.Headers, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(["deliveries[1].lines[0].purchase_order_line_no"], deliveryLine);
        Assert.Equal(["payments[0].invoice_external_id"], payment);
        Assert.Equal(["purchase_orders[0].lines[0].item_external_id", "purchase_orders[0].lines[1].item_external_id", "purchase_orders[0].lines[2].item_external_id"], orderLine);
        Assert.Equal(0, await s.CountAsync("deliveries"));
        Assert.Equal(1, await s.CountAsync("purchase_orders"));
    }

    [Theory, OnBothDatabases]
    public async Task Format_violations_and_unknown_references_of_a_batch_come_in_one_answer(DatabaseProvider provider)
    {
        using var s = await ErpSyncSession.StartAsync(hosts.For(provider));
        await s.SeedOrderAsync();
        var badDate = s.Delivery("d1", "po");
        badDate.DeliveredOn = new Google.Type.Date { Year = 2026, Month = 2, Day = 30 };

        var fields = await RefusedAsync(s.Sync.UpsertDeliveriesAsync(new UpsertDeliveriesRequest
        {
            RequestId = s.Id("one-pass"), Deliveries = { badDate, s.Delivery("d2", "po", lineNo: 99), s.Delivery("d3", "no-such-order") },
        }, s.Headers, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(["deliveries[0].delivered_on", "deliveries[1].lines[0].purchase_order_line_no", "deliveries[2].lines[0].purchase_order_external_id"], fields.Order(StringComparer.Ordinal));
        Assert.Equal(0, await s.CountAsync("deliveries"));
    }

    [Theory, OnBothDatabases]
    public async Task An_amount_in_another_currency_than_the_partnerships_is_refused_by_its_currency_code(DatabaseProvider provider)
    {
        using var s = await ErpSyncSession.StartAsync(hosts.For(provider));
        await s.SeedOrderAsync();
        var order = s.Order("po-usd", "item", lines: 2);
        order.Lines[1].UnitPrice.CurrencyCode = "USD";
        Invoice Invoice(string local, string currency) => new()
        {
            ExternalId = s.Id(local), Revision = 1, Number = local, IssuedOn = ContractValues.Date("2026-01-01"), DueOn = ContractValues.Date("2026-02-01"),
            Amount = new Money { AmountMinor = 100, CurrencyCode = currency },
        };

        var orders = await RefusedAsync(s.Sync.UpsertPurchaseOrdersAsync(new UpsertPurchaseOrdersRequest { RequestId = s.Id("usd-po"), PurchaseOrders = { order } },
            s.Headers, cancellationToken: Ct).ResponseAsync);
        var invoices = await RefusedAsync(s.Sync.UpsertInvoicesAsync(new UpsertInvoicesRequest
        {
            RequestId = s.Id("usd-inv"), Invoices = { Invoice("eur", "EUR"), Invoice("usd", "USD"), Invoice("abc", "ABC") },
        }, s.Headers, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(["purchase_orders[0].lines[1].unit_price.currency_code"], orders);
        Assert.Equal(["invoices[1].amount.currency_code", "invoices[2].amount.currency_code"], invoices);
        Assert.Equal((1L, 0L), (await s.CountAsync("purchase_orders"), await s.CountAsync("invoices")));
    }

    [Theory, OnBothDatabases]
    public async Task A_batch_over_the_limit_or_without_a_request_id_is_refused(DatabaseProvider provider)
    {
        using var s = await ErpSyncSession.StartAsync(hosts.For(provider));
        var tooMany = new UpsertItemsRequest { RequestId = s.Id("big") };
        tooMany.Items.AddRange(Enumerable.Range(0, 1001).Select(i => s.Item($"i{i}")));

        Assert.Equal(["items"], await RefusedAsync(s.Sync.UpsertItemsAsync(tooMany, s.Headers, cancellationToken: Ct).ResponseAsync));
        Assert.Equal(["request_id"], await RefusedAsync(s.Sync.UpsertItemsAsync(new UpsertItemsRequest { Items = { s.Item("a") } }, s.Headers, cancellationToken: Ct).ResponseAsync));
        Assert.Equal(0, await s.CountAsync("items"));
    }

    [Theory, OnBothDatabases]
    public async Task A_re_sent_stream_duplicates_nothing(DatabaseProvider provider)
    {
        using var s = await ErpSyncSession.StartAsync(hosts.For(provider));
        var envelopes = Enumerable.Range(1, 1200).Select(i => new StreamUpsertsRequest { StreamId = s.Id("load"), Sequence = i, Item = s.Item($"i{i}") }).ToList();

        var first = await StreamAsync(s, envelopes);
        var again = await StreamAsync(s, envelopes);

        Assert.Equal((1200L, 0L, 1200L, 1200L), (first.Applied, first.Skipped, first.Created, first.LastAcknowledgedSequence));
        Assert.Equal((0L, 1200L, 0L, 1200L), (again.Applied, again.Skipped, again.Created, again.LastAcknowledgedSequence));
        Assert.Equal(1200, await s.CountAsync("items"));
    }

    [Theory, OnBothDatabases]
    public async Task A_broken_stream_resumes_from_the_acknowledged_position_and_applies_every_record_once(DatabaseProvider provider)
    {
        using var s = await ErpSyncSession.StartAsync(hosts.For(provider));
        var streamId = s.Id("resume");
        var envelopes = Enumerable.Range(1, 2000).Select(i => new StreamUpsertsRequest { StreamId = streamId, Sequence = i, Item = s.Item($"i{i}") }).ToList();
        using (var broken = new CancellationTokenSource())
        {
            var call = s.Sync.StreamUpserts(s.Headers, cancellationToken: broken.Token);
            foreach (var envelope in envelopes.Take(1300)) await call.RequestStream.WriteAsync(envelope, Ct);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (await PositionAsync(s, streamId) < 1000 && DateTime.UtcNow < deadline) await Task.Delay(50, Ct);
            await broken.CancelAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => call.ResponseAsync);
            call.Dispose();
        }

        var position = await PositionAsync(s, streamId);
        var resumed = await StreamAsync(s, envelopes.Skip((int)position).ToList());

        Assert.Equal(1000, position);
        Assert.Equal((1000L, 0L, 1000L, 0L, 2000L), (resumed.Applied, resumed.Skipped, resumed.Created, resumed.Unchanged, resumed.LastAcknowledgedSequence));
        Assert.Equal(2000, await s.CountAsync("items"));
    }

    [Theory, OnBothDatabases]
    public async Task A_stream_with_a_bad_envelope_names_it_by_sequence(DatabaseProvider provider)
    {
        using var s = await ErpSyncSession.StartAsync(hosts.For(provider));
        var bad = s.Item("i2");
        bad.Sku = "";

        var refused = await RefusedAsync(StreamAsync(s, [
            new StreamUpsertsRequest { StreamId = s.Id("st"), Sequence = 1, Item = s.Item("i1") },
            new StreamUpsertsRequest { StreamId = s.Id("st"), Sequence = 2, Item = bad },
        ]));
        var unordered = await RefusedAsync(StreamAsync(s, [
            new StreamUpsertsRequest { StreamId = s.Id("st2"), Sequence = 5, Item = s.Item("i5") },
            new StreamUpsertsRequest { StreamId = s.Id("st2"), Sequence = 5, Item = s.Item("i6") },
            new StreamUpsertsRequest { StreamId = s.Id("st2"), Sequence = 6 },
        ]));

        Assert.Equal(["envelopes[sequence=2].item.sku"], refused);
        Assert.Equal(["envelopes[sequence=5].sequence"], unordered);
        Assert.Equal(0, await s.CountAsync("items"));
    }

    [Theory, OnBothDatabases]
    public async Task Upserting_needs_the_erp_sync_scope(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var reader = await portal.CreateAsync(ErpScopes.Read);
        using var channel = portal.CreateGrpcChannel();
        var headers = PortalFactory.Bearer(await portal.GetTokenAsync(reader.Client.ClientId, reader.Secret));

        await PartnershipsServiceTests.AssertStatusAsync(StatusCode.PermissionDenied,
            new ErpSyncService.ErpSyncServiceClient(channel).UpsertItemsAsync(new UpsertItemsRequest { RequestId = "r" }, headers, cancellationToken: Ct).ResponseAsync);
    }

    internal static async Task<StreamUpsertsResponse> StreamAsync(ErpSyncSession s, IReadOnlyList<StreamUpsertsRequest> envelopes)
    {
        using var call = s.Sync.StreamUpserts(s.Headers, cancellationToken: Ct);
        try
        {
            foreach (var envelope in envelopes) await call.RequestStream.WriteAsync(envelope, Ct);
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server refused the stream before it was sent whole; its status is in the response.
        }
        return await call.ResponseAsync;
    }

    internal static async Task<List<string>> RefusedAsync<T>(Task<T> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        return error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).ToList();
    }

    private static async Task<long> PositionAsync(ErpSyncSession s, string streamId) =>
        (await s.Sync.GetStreamPositionAsync(new GetStreamPositionRequest { StreamId = streamId }, s.Headers, cancellationToken: Ct)).LastAcknowledgedSequence;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}
