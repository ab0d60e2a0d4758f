using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Portal.Data.Database;
using Portal.Data.Erp;
using Portal.Erp.V1;
using Portal.Grpc.Auth;
using Portal.Grpc.Mapping;
using ErpItemMessage = Portal.Erp.V1.Item;

namespace Portal.Grpc.Services;

/// <summary>The ERP's upserts into its own partnership (the client's). Refusals are kept for the sync health page.</summary>
[Authorize(Policy = ErpPolicies.Sync)]
public sealed class ErpSyncGrpcService(ErpSyncStore sync, ErpSyncOptions options) : ErpSyncService.ErpSyncServiceBase
{
    private const int MaxIdLength = ErpSyncRules.MaxExternalIdLength;

    public override Task<UpsertItemsResponse> UpsertItems(UpsertItemsRequest request, ServerCallContext context) =>
        BatchAsync<UpsertItemsResponse, ErpItemMessage>(context, nameof(UpsertItems), request.RequestId, "items", request.Items, i => i.ExternalId, i => i.ToRecord());

    public override Task<UpsertPurchaseOrdersResponse> UpsertPurchaseOrders(UpsertPurchaseOrdersRequest request, ServerCallContext context) =>
        BatchAsync<UpsertPurchaseOrdersResponse, PurchaseOrder>(context, nameof(UpsertPurchaseOrders), request.RequestId, "purchase_orders", request.PurchaseOrders, o => o.ExternalId, o => o.ToRecord());

    public override Task<UpsertDeliveriesResponse> UpsertDeliveries(UpsertDeliveriesRequest request, ServerCallContext context) =>
        BatchAsync<UpsertDeliveriesResponse, Delivery>(context, nameof(UpsertDeliveries), request.RequestId, "deliveries", request.Deliveries, d => d.ExternalId, d => d.ToRecord());

    public override Task<UpsertInvoicesResponse> UpsertInvoices(UpsertInvoicesRequest request, ServerCallContext context) =>
        BatchAsync<UpsertInvoicesResponse, Invoice>(context, nameof(UpsertInvoices), request.RequestId, "invoices", request.Invoices, i => i.ExternalId, i => i.ToRecord());

    public override Task<UpsertPaymentsResponse> UpsertPayments(UpsertPaymentsRequest request, ServerCallContext context) =>
        BatchAsync<UpsertPaymentsResponse, Payment>(context, nameof(UpsertPayments), request.RequestId, "payments", request.Payments, p => p.ExternalId, p => p.ToRecord());

    public override async Task<StreamUpsertsResponse> StreamUpserts(IAsyncStreamReader<StreamUpsertsRequest> requestStream, ServerCallContext context)
    {
        var caller = context.Caller();
        var partnershipId = caller.PartnershipIds.Single();
        var response = new StreamUpsertsResponse();
        var chunk = new List<(long Sequence, ErpRecord Record)>(options.StreamChunkSize);
        string? streamId = null;
        var previous = 0L;
        // One chunk is written while the next is read and parsed: the two halves of the work overlap, and chunks still
        // commit one after the other, in order, each with its position.
        Task? writing = null;
        try
        {
            await foreach (var envelope in requestStream.ReadAllAsync(context.CancellationToken))
            {
                var at = $"envelopes[sequence={envelope.Sequence}]";
                var errors = new Dictionary<string, string>();
                streamId ??= envelope.StreamId;
                if (envelope.StreamId.Length is 0 or > MaxIdLength) errors[$"{at}.stream_id"] = $"Name the stream (at most {MaxIdLength} characters).";
                else if (envelope.StreamId != streamId) errors[$"{at}.stream_id"] = "Every envelope of a call belongs to the same stream.";
                if (envelope.Sequence <= previous) errors[$"{at}.sequence"] = $"Sequences start at 1 and grow; the previous one was {previous}.";
                var record = envelope.ToRecord();
                if (record is null) errors[$"{at}.record"] = "Carry one record: item, purchase_order, delivery, invoice or payment.";
                if (errors.Count > 0) throw new ValidationException(errors);
                previous = envelope.Sequence;
                chunk.Add((envelope.Sequence, record!));
                if (chunk.Count == options.StreamChunkSize)
                {
                    if (writing is not null) await writing;
                    writing = WriteAsync(chunk);
                    chunk = new List<(long Sequence, ErpRecord Record)>(options.StreamChunkSize);
                }
            }
            if (writing is not null) await writing;
            writing = null;
            if (chunk.Count > 0) await WriteAsync(chunk);
            if (streamId is not null && response.LastAcknowledgedSequence == 0)
            {
                response.LastAcknowledgedSequence = await sync.GetStreamPositionAsync(caller, partnershipId, streamId, context.CancellationToken);
            }
            return response;
        }
        catch (ValidationException refused)
        {
            await sync.RecordRejectionAsync(caller, partnershipId, nameof(StreamUpserts), streamId ?? "", refused.Errors, context.CancellationToken);
            throw;
        }
        finally
        {
            // A stream that broke or was refused while a chunk was being written lets that write finish (commit or
            // roll back) before the call ends; its own outcome is already decided by then.
            if (writing is not null) await Task.WhenAny(writing);
        }

        async Task WriteAsync(List<(long Sequence, ErpRecord Record)> envelopes)
        {
            var outcome = await sync.ApplyStreamChunkAsync(caller, partnershipId, streamId!, envelopes, context.CancellationToken)
                ?? throw new RpcException(new Status(StatusCode.NotFound, "The client's partnership was not found."));
            response.Applied += outcome.Applied;
            response.Skipped += outcome.Skipped;
            response.LastAcknowledgedSequence = outcome.Position;
            response.Created += outcome.Results.Count(ErpUpsertResult.Created);
            response.Updated += outcome.Results.Count(ErpUpsertResult.Updated);
            response.Unchanged += outcome.Results.Count(ErpUpsertResult.Unchanged);
            response.Stale += outcome.Results.Count(ErpUpsertResult.Stale);
        }
    }

    public override async Task<GetStreamPositionResponse> GetStreamPosition(GetStreamPositionRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        if (request.StreamId.Length is 0 or > MaxIdLength)
        {
            throw new ValidationException(new Dictionary<string, string> { ["stream_id"] = $"Name the stream (at most {MaxIdLength} characters)." });
        }
        var position = await sync.GetStreamPositionAsync(caller, caller.PartnershipIds.Single(), request.StreamId, context.CancellationToken);
        return new GetStreamPositionResponse { StreamId = request.StreamId, LastAcknowledgedSequence = position };
    }

    /// <summary>
    /// Applies one batch and answers with a result per record, in request order, named by the record's external id. A
    /// replay carries the same records as the first call (the digest says so), so the records' own external ids name
    /// the stored results.
    /// </summary>
    private async Task<TResponse> BatchAsync<TResponse, T>(ServerCallContext context, string method, string requestId, string listName, IReadOnlyList<T> records,
        Func<T, string> externalId, Func<T, ErpRecord> toRecord) where TResponse : IUpsertAnswer, new()
    {
        var caller = context.Caller();
        var partnershipId = caller.PartnershipIds.Single();
        try
        {
            var errors = new Dictionary<string, string>();
            if (requestId.Length is 0 or > MaxIdLength) errors["request_id"] = $"Give every batch a request id (at most {MaxIdLength} characters) and reuse it only to retry that batch.";
            if (records.Count > options.MaxBatchSize) errors[listName] = $"At most {options.MaxBatchSize} records a batch; stream larger loads with StreamUpserts.";
            if (errors.Count > 0) throw new ValidationException(errors);
            var outcome = await sync.ApplyBatchAsync(caller, partnershipId, method, requestId, ErpHistory.Of(records.Select(toRecord)), context.CancellationToken)
                ?? throw new RpcException(new Status(StatusCode.NotFound, "The client's partnership was not found."));
            var response = new TResponse { Replayed = outcome.Replayed };
            for (var i = 0; i < outcome.Results.Count; i++)
            {
                response.Results.Add(new RecordResult { ExternalId = externalId(records[i]), Result = outcome.Results[i].ToMessage() });
            }
            return response;
        }
        catch (ValidationException refused)
        {
            await sync.RecordRejectionAsync(caller, partnershipId, method, requestId, refused.Errors, context.CancellationToken);
            throw;
        }
    }
}
