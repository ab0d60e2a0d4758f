namespace Portal.Data.Erp;

/// <summary>What an upsert did to one record.</summary>
public enum ErpUpsertResult
{
    /// <summary>The external id was new.</summary>
    Created,

    /// <summary>The revision was newer than the stored one: the record (and its lines) now reads as sent.</summary>
    Updated,

    /// <summary>The same revision is already stored; nothing was written, even if the content differs.</summary>
    Unchanged,

    /// <summary>A newer revision is already stored; nothing was written.</summary>
    Stale,
}

public enum ErpRecordKind
{
    Item,
    PurchaseOrder,
    Delivery,
    Invoice,
    Payment,
}

/// <summary>How a refused record is named in a field violation: the kind and its index in its kind's list.</summary>
public delegate string ErpRecordName(ErpRecordKind kind, int index);

public static class ErpRecordNames
{
    /// <summary>The field name of each kind's list in the gRPC contract.</summary>
    public static string ListOf(ErpRecordKind kind) => kind switch
    {
        ErpRecordKind.Item => "items",
        ErpRecordKind.PurchaseOrder => "purchase_orders",
        ErpRecordKind.Delivery => "deliveries",
        ErpRecordKind.Invoice => "invoices",
        _ => "payments",
    };

    /// <summary>The field name of a kind inside a stream envelope's oneof.</summary>
    public static string OneOf(ErpRecordKind kind) => kind switch
    {
        ErpRecordKind.Item => "item",
        ErpRecordKind.PurchaseOrder => "purchase_order",
        ErpRecordKind.Delivery => "delivery",
        ErpRecordKind.Invoice => "invoice",
        _ => "payment",
    };

    /// <summary>"deliveries[3]": the record's place in a unary batch.</summary>
    public static readonly ErpRecordName InBatch = (kind, index) => $"{ListOf(kind)}[{index}]";
}

/// <summary>Results per kind, each in the order the records were given.</summary>
public sealed record ErpHistoryResults(
    IReadOnlyList<ErpUpsertResult> Items,
    IReadOnlyList<ErpUpsertResult> PurchaseOrders,
    IReadOnlyList<ErpUpsertResult> Deliveries,
    IReadOnlyList<ErpUpsertResult> Invoices,
    IReadOnlyList<ErpUpsertResult> Payments)
{
    public static readonly ErpHistoryResults None = new([], [], [], [], []);

    public IEnumerable<(ErpRecordKind Kind, IReadOnlyList<ErpUpsertResult> Results)> ByKind()
    {
        yield return (ErpRecordKind.Item, Items);
        yield return (ErpRecordKind.PurchaseOrder, PurchaseOrders);
        yield return (ErpRecordKind.Delivery, Deliveries);
        yield return (ErpRecordKind.Invoice, Invoices);
        yield return (ErpRecordKind.Payment, Payments);
    }

    public int Count(ErpUpsertResult result) => ByKind().Sum(k => k.Results.Count(r => r == result));
}

/// <summary>The answer to a unary batch; <see cref="Replayed"/> when the request id had been applied before and this is its first answer.</summary>
public sealed record ErpBatchOutcome(IReadOnlyList<ErpUpsertResult> Results, bool Replayed);

/// <summary>What one chunk of a stream did: envelopes at or below the stored position are skipped, not applied again.</summary>
public sealed record ErpStreamChunkOutcome(int Applied, int Skipped, long Position, ErpHistoryResults Results);

/// <summary>The "Portal:Sync" configuration section.</summary>
public sealed class ErpSyncOptions
{
    /// <summary>Records in one unary batch; more is INVALID_ARGUMENT.</summary>
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>Envelopes of a client stream applied per transaction (and acknowledged per transaction).</summary>
    public int StreamChunkSize { get; set; } = 1000;
}

/// <summary>One ERP connection's sync as the health page shows it.</summary>
/// <summary>
/// How one ERP connection's sync is going, and where the partnership's ERP data came from besides it: the history loaded
/// in one go (<see cref="HistoryLoads"/>, e.g. when the partnership was set up) is not a call of the connection.
/// </summary>
public sealed record ErpSyncHealth(string ClientId, string DisplayName, DateTimeOffset? LastCallAt, IReadOnlyList<ErpSyncCounts> Counts, IReadOnlyList<ErpSyncRejection> Rejections,
    IReadOnlyList<ErpHistoryLoad> HistoryLoads);

/// <summary>A load of ERP history into the partnership: when, by whom, how many records of each kind.</summary>
public sealed record ErpHistoryLoad(DateTimeOffset LoadedAt, string LoadedBy, ErpHistoryImport Records);

public sealed record ErpSyncCounts
{
    public required string RecordType { get; init; }
    public long Created { get; init; }
    public long Updated { get; init; }
    public long Unchanged { get; init; }
    public long Stale { get; init; }
    public DateTimeOffset LastAt { get; init; }
}

public sealed record ErpSyncRejection
{
    public DateTimeOffset OccurredAt { get; init; }
    public required string Method { get; init; }
    public required string RequestId { get; init; }
    public required string Field { get; init; }
    public required string Reason { get; init; }
}
