using Google.Protobuf.Collections;

namespace Portal.Erp.V1;

/// <summary>
/// The five batch responses of ErpSyncService: a message per method, as the contract's lint wants, with the same two
/// fields, so that one code path fills them all.
/// </summary>
public interface IUpsertAnswer
{
    RepeatedField<RecordResult> Results { get; }

    bool Replayed { get; set; }
}

public sealed partial class UpsertItemsResponse : IUpsertAnswer
{
}

public sealed partial class UpsertPurchaseOrdersResponse : IUpsertAnswer
{
}

public sealed partial class UpsertDeliveriesResponse : IUpsertAnswer
{
}

public sealed partial class UpsertInvoicesResponse : IUpsertAnswer
{
}

public sealed partial class UpsertPaymentsResponse : IUpsertAnswer
{
}
