using Portal.Erp.V1;

namespace Portal.ErpSim;

/// <summary>
/// `push` and `resend`: sends a history by unary batches (consecutive records of one kind, request ids
/// "{run}-{batch number}") or by one client stream (stream id "{run}"). The ids depend only on the run name, so sending
/// the same file again re-uses them: the portal answers batches with their first results and skips streamed envelopes
/// it acknowledged, and nothing is stored twice.
/// </summary>
public static class PushCommand
{
    public sealed record Totals(long Created, long Updated, long Unchanged, long Stale, long Replayed, long Skipped);

    public static async Task<Totals> RunAsync(PortalConnection connection, IEnumerable<StreamUpsertsRequest> envelopes, string run, bool stream, int batchSize,
        TextWriter output, CancellationToken cancellationToken)
    {
        var sync = new ErpSyncService.ErpSyncServiceClient(connection.Channel);
        var totals = stream
            ? await StreamAsync(sync, connection, envelopes, run, cancellationToken)
            : await UnaryAsync(sync, connection, envelopes, run, batchSize, cancellationToken);
        await output.WriteLineAsync(
            $"created {totals.Created}, updated {totals.Updated}, unchanged {totals.Unchanged}, stale {totals.Stale}; replayed batches {totals.Replayed}, skipped envelopes {totals.Skipped}");
        return totals;
    }

    private static async Task<Totals> StreamAsync(ErpSyncService.ErpSyncServiceClient sync, PortalConnection connection, IEnumerable<StreamUpsertsRequest> envelopes, string run,
        CancellationToken cancellationToken)
    {
        using var call = sync.StreamUpserts(await connection.HeadersAsync(cancellationToken), cancellationToken: cancellationToken);
        foreach (var envelope in envelopes)
        {
            var sent = envelope.Clone();
            sent.StreamId = run;
            await call.RequestStream.WriteAsync(sent, cancellationToken);
        }
        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync;
        return new Totals(response.Created, response.Updated, response.Unchanged, response.Stale, 0, response.Skipped);
    }

    private static async Task<Totals> UnaryAsync(ErpSyncService.ErpSyncServiceClient sync, PortalConnection connection, IEnumerable<StreamUpsertsRequest> envelopes, string run, int batchSize,
        CancellationToken cancellationToken)
    {
        var counts = new long[5];
        var replayed = 0L;
        var batchNumber = 0;
        var batch = new List<StreamUpsertsRequest>(batchSize);
        foreach (var envelope in envelopes)
        {
            if (batch.Count == batchSize || batch.Count > 0 && batch[0].RecordCase != envelope.RecordCase) await SendAsync();
            batch.Add(envelope);
        }
        await SendAsync();
        return new Totals(counts[(int)UpsertResult.Created], counts[(int)UpsertResult.Updated], counts[(int)UpsertResult.Unchanged], counts[(int)UpsertResult.Stale], replayed, 0);

        async Task SendAsync()
        {
            if (batch.Count == 0) return;
            var requestId = $"{run}-{++batchNumber}";
            var headers = await connection.HeadersAsync(cancellationToken);
            var (results, wasReplayed) = batch[0].RecordCase switch
            {
                StreamUpsertsRequest.RecordOneofCase.Item => Answer(await sync.UpsertItemsAsync(new UpsertItemsRequest { RequestId = requestId, Items = { batch.Select(e => e.Item) } }, headers, cancellationToken: cancellationToken)),
                StreamUpsertsRequest.RecordOneofCase.PurchaseOrder => Answer(await sync.UpsertPurchaseOrdersAsync(new UpsertPurchaseOrdersRequest { RequestId = requestId, PurchaseOrders = { batch.Select(e => e.PurchaseOrder) } }, headers, cancellationToken: cancellationToken)),
                StreamUpsertsRequest.RecordOneofCase.Delivery => Answer(await sync.UpsertDeliveriesAsync(new UpsertDeliveriesRequest { RequestId = requestId, Deliveries = { batch.Select(e => e.Delivery) } }, headers, cancellationToken: cancellationToken)),
                StreamUpsertsRequest.RecordOneofCase.Invoice => Answer(await sync.UpsertInvoicesAsync(new UpsertInvoicesRequest { RequestId = requestId, Invoices = { batch.Select(e => e.Invoice) } }, headers, cancellationToken: cancellationToken)),
                _ => Answer(await sync.UpsertPaymentsAsync(new UpsertPaymentsRequest { RequestId = requestId, Payments = { batch.Select(e => e.Payment) } }, headers, cancellationToken: cancellationToken)),
            };
            foreach (var result in results) counts[(int)result.Result]++;
            if (wasReplayed) replayed++;
            batch.Clear();
        }
    }

    // Each method has its own response message; all five carry the same two fields.
    private static (IReadOnlyList<RecordResult> Results, bool Replayed) Answer(UpsertItemsResponse r) => (r.Results, r.Replayed);
    private static (IReadOnlyList<RecordResult> Results, bool Replayed) Answer(UpsertPurchaseOrdersResponse r) => (r.Results, r.Replayed);
    private static (IReadOnlyList<RecordResult> Results, bool Replayed) Answer(UpsertDeliveriesResponse r) => (r.Results, r.Replayed);
    private static (IReadOnlyList<RecordResult> Results, bool Replayed) Answer(UpsertInvoicesResponse r) => (r.Results, r.Replayed);
    private static (IReadOnlyList<RecordResult> Results, bool Replayed) Answer(UpsertPaymentsResponse r) => (r.Results, r.Replayed);
}
