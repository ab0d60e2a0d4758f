using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Portal.Data.Audit;
using Portal.Data.Changes;
using Portal.Data.Database;
using Portal.Data.Tenancy;

namespace Portal.Data.Erp;

/// <summary>
/// An ERP client's upserts: unary batches that apply once per request id, and client streams applied chunk by chunk
/// with the acknowledged position stored in each chunk's transaction. Counts and refusals are kept per connection
/// for the sync health page.
/// </summary>
public sealed class ErpSyncStore(PortalDatabase database, ChangeRecorder changes, TimeProvider clock)
{
    public const int RejectionsKept = 100;

    /// <summary>
    /// Applies a batch in one transaction, or returns the first answer of an earlier call with the same request id (per
    /// partnership) and the same content, applying nothing. The same id with other content (other records, or another
    /// method) is refused with a <see cref="DuplicateException"/>: an idempotency key names one request, and answering a
    /// changed batch with the old answer would tell the ERP that records it never sent were written. Null when the
    /// partnership is outside the scope.
    /// </summary>
    public async Task<ErpBatchOutcome?> ApplyBatchAsync(CallerScope scope, long partnershipId, string method, string requestId, ErpHistory batch,
        CancellationToken cancellationToken = default)
    {
        if (!scope.CanSee(partnershipId)) return null;
        var errors = ErpSyncRules.Validate(batch, ErpRecordNames.InBatch);
        var digest = DigestOf(method, batch);
        try
        {
            return await database.InTransactionAsync(async (connection, transaction) =>
            {
                var now = clock.GetUtcNow();
                var writer = new ErpUpsertWriter(connection, transaction, database.Dialect, partnershipId, now);
                await RefuseIfAnyAsync(connection, transaction, writer, partnershipId, batch, ErpRecordNames.InBatch, errors, cancellationToken);
                if (await StoredAnswerAsync(connection, transaction, partnershipId, requestId, digest, cancellationToken) is { } earlier)
                {
                    return earlier;
                }
                var results = await writer.ApplyAsync(batch, ErpRecordNames.InBatch, cancellationToken);
                var inOrder = results.ByKind().SelectMany(k => k.Results).ToList();
                // A concurrent call with the same id that committed first makes this insert fail; the catch below answers with its result.
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO erp_sync_requests (partnership_id, request_id, method, results, created_at, digest)
                    VALUES (@partnershipId, @requestId, @method, @encoded, @now, @digest)
                    """, new { partnershipId, requestId, method, encoded = Encode(inOrder), now, digest }, transaction, cancellationToken: cancellationToken));
                await CountAsync(connection, transaction, scope, partnershipId, results, now, cancellationToken);
                await changes.RecordAsync(connection, transaction, scope,
                    ChangeKinds.ErpSync.Of(partnershipId, partnershipId, Enum.Parse<ErpSyncChange>(method), null, Summary(results, requestId)), cancellationToken);
                return new ErpBatchOutcome(inOrder, Replayed: false);
            }, cancellationToken);
        }
        catch (DbException e) when (Constraints.IsUniqueViolation(e))
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            return await StoredAnswerAsync(connection, null, partnershipId, requestId, digest, cancellationToken) ?? throw new InvalidOperationException("The request id's answer vanished.", e);
        }
    }

    /// <summary>
    /// Applies one chunk of a stream in one transaction: envelopes at or below the stream's stored position were
    /// applied by an earlier call and are skipped; the position moves to the chunk's last sequence in the same
    /// transaction. Sequences must grow within the chunk. Null when the partnership is outside the scope.
    /// </summary>
    public Task<ErpStreamChunkOutcome?> ApplyStreamChunkAsync(CallerScope scope, long partnershipId, string streamId,
        IReadOnlyList<(long Sequence, ErpRecord Record)> envelopes, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync<ErpStreamChunkOutcome?>(async (connection, transaction) =>
        {
            if (!scope.CanSee(partnershipId) || envelopes.Count == 0) return null;
            var now = clock.GetUtcNow();
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO erp_sync_streams (partnership_id, stream_id, position, updated_at) VALUES (@partnershipId, @streamId, 0, @now)
                ON CONFLICT (partnership_id, stream_id) DO NOTHING
                """, new { partnershipId, streamId, now }, transaction, cancellationToken: cancellationToken));
            var position = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                $"SELECT position FROM erp_sync_streams WHERE partnership_id = @partnershipId AND stream_id = @streamId{database.Dialect.ForUpdate}",
                new { partnershipId, streamId }, transaction, cancellationToken: cancellationToken));
            var fresh = envelopes.Where(e => e.Sequence > position).ToList();
            if (fresh.Count == 0)
            {
                return new ErpStreamChunkOutcome(0, envelopes.Count, position, ErpHistoryResults.None);
            }
            var sequences = Enum.GetValues<ErpRecordKind>().ToDictionary(k => k, _ => new List<long>());
            foreach (var (sequence, record) in fresh) sequences[KindOf(record)].Add(sequence);
            ErpRecordName name = (kind, index) => $"envelopes[sequence={sequences[kind][index]}].{ErpRecordNames.OneOf(kind)}";
            var history = ErpHistory.Of(fresh.Select(e => e.Record));
            var writer = new ErpUpsertWriter(connection, transaction, database.Dialect, partnershipId, now);
            await RefuseIfAnyAsync(connection, transaction, writer, partnershipId, history, name, ErpSyncRules.Validate(history, name), cancellationToken);
            var results = await writer.ApplyAsync(history, name, cancellationToken);
            var last = fresh[^1].Sequence;
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE erp_sync_streams SET position = @last, updated_at = @now WHERE partnership_id = @partnershipId AND stream_id = @streamId",
                new { partnershipId, streamId, last, now }, transaction, cancellationToken: cancellationToken));
            await CountAsync(connection, transaction, scope, partnershipId, results, now, cancellationToken);
            await changes.RecordAsync(connection, transaction, scope,
                ChangeKinds.ErpSync.Of(partnershipId, partnershipId, ErpSyncChange.StreamUpserts, null, Summary(results, streamId)), cancellationToken);
            return new ErpStreamChunkOutcome(fresh.Count, envelopes.Count - fresh.Count, last, results);
        }, cancellationToken);

    /// <summary>The last sequence of the stream that was applied and committed; 0 for a stream never seen.</summary>
    public async Task<long> GetStreamPositionAsync(CallerScope scope, long partnershipId, string streamId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            $"SELECT position FROM erp_sync_streams WHERE partnership_id = @partnershipId AND stream_id = @streamId AND {database.Dialect.IsIn("partnership_id", "@Allowed")}",
            new { partnershipId, streamId, Allowed = scope.PartnershipIds }, cancellationToken: cancellationToken)) ?? 0;
    }

    /// <summary>
    /// Keeps the field violations of a refused call for the health page, in a transaction of its own after the refused
    /// one rolled back (so the refusal still wrote no domain rows), and only the last <see cref="RejectionsKept"/> per client.
    /// </summary>
    public Task RecordRejectionAsync(CallerScope scope, long partnershipId, string method, string requestId, IReadOnlyDictionary<string, string> errors, CancellationToken cancellationToken = default) =>
        scope is not { Kind: ActorKind.ErpClient, ActorId: { } clientId } || !scope.CanSee(partnershipId)
            ? Task.CompletedTask
            : database.InTransactionAsync(async (connection, transaction) =>
            {
                var now = clock.GetUtcNow();
                var rows = errors.Take(RejectionsKept).Select(e => new
                {
                    clientId, partnershipId, now, method, requestId = Truncate(requestId), field = Truncate(e.Key), reason = Truncate(e.Value),
                });
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO erp_sync_rejections (erp_client_id, partnership_id, occurred_at, method, request_id, field, reason)
                    VALUES (@clientId, @partnershipId, @now, @method, @requestId, @field, @reason)
                    """, rows, transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(
                    $"""
                    DELETE FROM erp_sync_rejections WHERE erp_client_id = @clientId AND id <
                        (SELECT MIN(id) FROM (SELECT id FROM erp_sync_rejections WHERE erp_client_id = @clientId ORDER BY id DESC LIMIT {RejectionsKept}) kept)
                    """, new { clientId }, transaction, cancellationToken: cancellationToken));
            }, cancellationToken);

    /// <summary>Counts per record type, the last call and the last refusals of one connection; null when it is not the partnership's or outside the scope.</summary>
    public async Task<ErpSyncHealth?> GetHealthAsync(CallerScope scope, long partnershipId, string clientId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var allowed = database.Dialect.IsIn("partnership_id", "@Allowed");
        var parameters = new { partnershipId, clientId, Allowed = scope.PartnershipIds };
        var client = await connection.QuerySingleOrDefaultAsync<(long Id, string DisplayName)?>(new CommandDefinition(
            $"SELECT id, display_name FROM erp_clients WHERE client_id = @clientId AND partnership_id = @partnershipId AND {allowed}", parameters, cancellationToken: cancellationToken));
        if (client is not { } found) return null;
        var byClient = new { found.Id, partnershipId, Allowed = scope.PartnershipIds };
        var counts = (await connection.QueryAsync<ErpSyncCounts>(new CommandDefinition(
            $"SELECT record_type, created, updated, unchanged, stale, last_at FROM erp_sync_stats WHERE erp_client_id = @Id AND partnership_id = @partnershipId AND {allowed} ORDER BY record_type",
            byClient, cancellationToken: cancellationToken))).ToList();
        var rejections = (await connection.QueryAsync<ErpSyncRejection>(new CommandDefinition(
            $"""
            SELECT occurred_at, method, request_id, field, reason FROM erp_sync_rejections
            WHERE erp_client_id = @Id AND partnership_id = @partnershipId AND {allowed} ORDER BY id DESC LIMIT {RejectionsKept}
            """, byClient, cancellationToken: cancellationToken))).ToList();
        DateTimeOffset?[] lastCalls = [.. counts.Select(c => (DateTimeOffset?)c.LastAt), rejections.Count > 0 ? rejections[0].OccurredAt : null];
        var loads = await connection.QueryAsync<(DateTimeOffset OccurredAt, string ActorName, string AfterJson)>(new CommandDefinition(
            $"""
            SELECT occurred_at, actor_name, after_json FROM audit_log
            WHERE partnership_id = @partnershipId AND {allowed} AND entity = '{ChangeKinds.ErpHistory.Entity}' AND after_json IS NOT NULL
            ORDER BY occurred_at, id
            """, byClient, cancellationToken: cancellationToken));
        return new ErpSyncHealth(clientId, found.DisplayName, lastCalls.Max(), counts, rejections,
            [.. loads.Select(l => new ErpHistoryLoad(l.OccurredAt, l.ActorName, JsonSerializer.Deserialize<ErpHistoryImport>(l.AfterJson, JsonSerializerOptions.Web)!))]);
    }

    internal static ErpRecordKind KindOf(ErpRecord record) => record switch
    {
        ErpItem => ErpRecordKind.Item,
        ErpPurchaseOrder => ErpRecordKind.PurchaseOrder,
        ErpDelivery => ErpRecordKind.Delivery,
        ErpInvoice => ErpRecordKind.Invoice,
        _ => ErpRecordKind.Payment,
    };

    /// <summary>
    /// Adds the amounts in another currency than the partnership's to the rules' violations and, when there are any,
    /// the references the batch cannot resolve, and refuses them all in one answer.
    /// </summary>
    private static async Task RefuseIfAnyAsync(DbConnection connection, DbTransaction transaction, ErpUpsertWriter writer, long partnershipId, ErpHistory batch,
        ErpRecordName name, Dictionary<string, string> errors, CancellationToken cancellationToken)
    {
        if (batch.PurchaseOrders.Count + batch.Invoices.Count + batch.Payments.Count > 0)
        {
            var currency = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                "SELECT currency FROM partnerships WHERE id = @partnershipId", new { partnershipId }, transaction, cancellationToken: cancellationToken));
            foreach (var (field, reason) in ErpSyncRules.ForeignCurrencies(batch, name, currency ?? "")) errors.TryAdd(field, reason);
        }
        if (errors.Count == 0) return;
        foreach (var (field, reason) in await writer.ReferenceErrorsAsync(batch, name, cancellationToken)) errors.TryAdd(field, reason);
        throw new ValidationException(errors);
    }

    private static async Task<ErpBatchOutcome?> StoredAnswerAsync(DbConnection connection, DbTransaction? transaction, long partnershipId, string requestId,
        string digest, CancellationToken cancellationToken)
    {
        var earlier = await connection.QuerySingleOrDefaultAsync<StoredRequest>(new CommandDefinition(
            "SELECT results, digest FROM erp_sync_requests WHERE partnership_id = @partnershipId AND request_id = @requestId",
            new { partnershipId, requestId }, transaction, cancellationToken: cancellationToken));
        if (earlier is null) return null;
        if (earlier.Digest is not null && earlier.Digest != digest)
        {
            throw new DuplicateException(
                $"The request_id \"{requestId}\" was already used for a different batch. A retry must carry exactly the records " +
                "of the first call (it then gets the first answer again); a new batch needs a new request_id.");
        }
        return new ErpBatchOutcome(Decode(earlier.Results), Replayed: true);
    }

    private sealed record StoredRequest(string Results, string? Digest);

    /// <summary>The method and the records as the rules read them, so that the same batch re-encoded by a client still matches.</summary>
    private static string DigestOf(string method, ErpHistory batch) =>
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(new { method, batch })));

    private static async Task CountAsync(DbConnection connection, DbTransaction transaction, CallerScope scope, long partnershipId, ErpHistoryResults results,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (scope is not { Kind: ActorKind.ErpClient, ActorId: { } clientId }) return;
        foreach (var (kind, kindResults) in results.ByKind().Where(k => k.Results.Count > 0))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO erp_sync_stats (erp_client_id, partnership_id, record_type, created, updated, unchanged, stale, last_at)
                VALUES (@clientId, @partnershipId, @recordType, @created, @updated, @unchanged, @stale, @now)
                ON CONFLICT (erp_client_id, record_type) DO UPDATE SET created = erp_sync_stats.created + excluded.created,
                    updated = erp_sync_stats.updated + excluded.updated, unchanged = erp_sync_stats.unchanged + excluded.unchanged,
                    stale = erp_sync_stats.stale + excluded.stale, last_at = excluded.last_at
                """,
                new
                {
                    clientId, partnershipId, recordType = kind.ToString(), now,
                    created = kindResults.Count(r => r == ErpUpsertResult.Created),
                    updated = kindResults.Count(r => r == ErpUpsertResult.Updated),
                    unchanged = kindResults.Count(r => r == ErpUpsertResult.Unchanged),
                    stale = kindResults.Count(r => r == ErpUpsertResult.Stale),
                }, transaction, cancellationToken: cancellationToken));
        }
    }

    private static ErpSyncSummary Summary(ErpHistoryResults results, string requestOrStreamId) => new(requestOrStreamId,
        results.Count(ErpUpsertResult.Created), results.Count(ErpUpsertResult.Updated), results.Count(ErpUpsertResult.Unchanged), results.Count(ErpUpsertResult.Stale));

    private static string Truncate(string value) => value.Length <= 300 ? value : value[..300];

    private static string Encode(IEnumerable<ErpUpsertResult> results) => string.Concat(results.Select(r => r switch
    {
        ErpUpsertResult.Created => 'C',
        ErpUpsertResult.Updated => 'U',
        ErpUpsertResult.Unchanged => 'N',
        _ => 'S',
    }));

    private static ErpUpsertResult[] Decode(string encoded) => encoded.Select(c => c switch
    {
        'C' => ErpUpsertResult.Created,
        'U' => ErpUpsertResult.Updated,
        'N' => ErpUpsertResult.Unchanged,
        _ => ErpUpsertResult.Stale,
    }).ToArray();
}
