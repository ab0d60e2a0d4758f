using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Portal.Data.ChangeFeed;
using Portal.Data.Credit;
using Portal.Data.Database;
using Portal.Data.Tenancy;
using Portal.Erp.V1;
using Portal.Grpc.Auth;
using Portal.Grpc.Mapping;
using GrpcStatus = Grpc.Core.Status;
using RichStatus = Google.Rpc.Status;

namespace Portal.Grpc.Services;

/// <summary>
/// The partnership's change feed for its ERP client: pages by cursor, or a stream that sends the backlog and then
/// each new entry. Watching polls the database rather than listening to this node, so an entry committed by any
/// node reaches every watcher.
/// </summary>
public sealed class ChangeFeedGrpcService(ErpCallerResolver callers, ChangeFeedStore feed, FeedReadStore reads, CreditStore credit, FeedCursors cursors,
    ChangeFeedOptions options)
    : Erp.V1.ChangeFeedService.ChangeFeedServiceBase
{
    private const int DefaultMaxChanges = 100;
    private const int MaxChanges = 1000;
    private const int WatchBatch = 500;
    private static readonly TimeSpan WatchPollInterval = TimeSpan.FromMilliseconds(300);
    private const string InvalidCursor = "Send back a cursor exactly as this feed returned it, or none to start from the beginning.";

    [Authorize(Policy = ErpPolicies.Read)]
    public override async Task<GetChangesResponse> GetChanges(GetChangesRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var partnershipId = caller.PartnershipIds.Single();
        var errors = new Dictionary<string, string>();
        if (request.MaxChanges is < 0 or > MaxChanges) errors["max_changes"] = $"Ask for at most {MaxChanges} changes at a time (0 means {DefaultMaxChanges}).";
        var after = ParseCursor(request.Cursor, partnershipId, errors);
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
        var (page, from) = await ReadAsync(caller, partnershipId, after, request.MaxChanges == 0 ? DefaultMaxChanges : request.MaxChanges, context.CancellationToken);
        var last = page.Entries.Count > 0 ? page.Entries[^1].Position : from;
        var response = new GetChangesResponse { NextCursor = cursors.Encode(partnershipId, last), HeadReached = last >= page.Head };
        response.Changes.AddRange(await MessagesAsync(caller, partnershipId, page.Entries, context.CancellationToken));
        if (page.Entries.Count > 0)
        {
            await reads.RecordAsync(caller, partnershipId, last, context.CancellationToken);
        }
        return response;
    }

    [Authorize(Policy = ErpPolicies.Read)]
    public override async Task WatchChanges(WatchChangesRequest request, IServerStreamWriter<WatchChangesResponse> responseStream, ServerCallContext context)
    {
        var caller = context.Caller();
        var partnershipId = caller.PartnershipIds.Single();
        var errors = new Dictionary<string, string>();
        var start = ParseCursor(request.Cursor, partnershipId, errors);
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
        var cancellationToken = context.CancellationToken;
        try
        {
            var (page, after) = await ReadAsync(caller, partnershipId, start, WatchBatch, cancellationToken);
            while (true)
            {
                foreach (var change in await MessagesAsync(caller, partnershipId, page.Entries, cancellationToken))
                {
                    await responseStream.WriteAsync(new WatchChangesResponse { Change = change }, cancellationToken);
                    after = change.Position;
                }
                if (page.Entries.Count > 0)
                {
                    await reads.RecordAsync(caller, partnershipId, after, cancellationToken);
                }
                if (page.Entries.Count < WatchBatch)
                {
                    await Task.Delay(WatchPollInterval, cancellationToken);
                    // Resolved again so that revoking the client ends its stream too, not only its next call.
                    caller = await callers.RequireAsync(context);
                }
                (page, _) = await ReadAsync(caller, partnershipId, after, WatchBatch, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client cancelled or its deadline passed: the stream simply ends.
        }
    }

    /// <summary>The entries as the contract's messages: each one's projection as its record, arrangements with the ERP's invoice ids.</summary>
    private async Task<List<Change>> MessagesAsync(CallerScope caller, long partnershipId, IReadOnlyList<ChangeFeedEntry> entries, CancellationToken cancellationToken)
    {
        var projections = entries.Select(e => FeedJson.Read(e.Entity, e.DataJson)).ToList();
        var invoiceIds = ChangeFeedMapping.InvoiceIds(projections);
        var externalIds = invoiceIds.Count == 0 ? new Dictionary<long, string>() : await credit.InvoiceExternalIdsAsync(caller, partnershipId, invoiceIds, cancellationToken);
        return entries.Select((e, i) => e.ToMessage(cursors.Encode(partnershipId, e.Position), projections[i], externalIds)).ToList();
    }

    /// <summary>The position after which to read; null for the start of the feed. A cursor that is not this partnership's is a field error.</summary>
    private long? ParseCursor(string cursor, long partnershipId, Dictionary<string, string> errors)
    {
        if (cursor.Length == 0)
        {
            return null;
        }
        if (cursors.Decode(cursor, partnershipId) is { } position)
        {
            return position;
        }
        // The same words for a foreign cursor as for garbage: never confirm that another partnership exists.
        errors["cursor"] = InvalidCursor;
        return null;
    }

    /// <summary>
    /// Reads after <paramref name="after"/>, or from the oldest entry kept when it is null. Returns the page and the
    /// position it was read after. A cursor behind the retention is FAILED_PRECONDITION; one beyond the head was never issued.
    /// </summary>
    private async Task<(FeedPage Page, long After)> ReadAsync(CallerScope caller, long partnershipId, long? after, int max, CancellationToken cancellationToken)
    {
        var from = after ?? 0;
        var page = await ReadPageAsync(caller, partnershipId, from, max, cancellationToken);
        if (page.Expired && after is null)
        {
            from = page.PrunedThrough;
            page = await ReadPageAsync(caller, partnershipId, from, max, cancellationToken);
        }
        if (page.Expired)
        {
            throw Expired(partnershipId, page);
        }
        if (from > page.Head)
        {
            throw new ValidationException(new Dictionary<string, string> { ["cursor"] = InvalidCursor });
        }
        return (page, from);
    }

    private async Task<FeedPage> ReadPageAsync(CallerScope caller, long partnershipId, long after, int max, CancellationToken cancellationToken) =>
        await feed.ReadAsync(caller, partnershipId, after, max, cancellationToken)
        ?? throw new RpcException(new GrpcStatus(StatusCode.NotFound, "The partnership was not found."));

    private RpcException Expired(long partnershipId, FeedPage page)
    {
        var headCursor = cursors.Encode(partnershipId, page.Head);
        return new RichStatus
        {
            Code = (int)Code.FailedPrecondition,
            Message = $"The cursor is older than the change feed keeps: changes are kept {options.RetentionDays} days and the oldest kept is position {page.PrunedThrough + 1}. "
                + $"Resync: read the current records with the List methods, then follow the feed from the head cursor {headCursor} (taken before your resync, so nothing is missed).",
            Details =
            {
                Any.Pack(new ErrorInfo
                {
                    Reason = "CURSOR_EXPIRED",
                    Domain = "portal.erp.v1",
                    Metadata = { ["head_cursor"] = headCursor, ["oldest_position"] = (page.PrunedThrough + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) },
                }),
            },
        }.ToRpcException();
    }
}
