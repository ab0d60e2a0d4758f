using Portal.Data.Erp;
using Portal.Erp.V1;
using ErpItemMessage = Portal.Erp.V1.Item;

namespace Portal.Grpc.Mapping;

/// <summary>
/// Contract messages to domain records. A date that is unset or impossible becomes <see cref="DateOnly.MinValue"/>, and an
/// unset amount zero in no currency, which the domain rules refuse with a message that names the field, so every bad
/// value is reported in one place.
/// </summary>
public static class ErpSyncMapping
{
    public static ErpItem ToRecord(this ErpItemMessage m) => new(m.ExternalId, m.Revision, m.Sku, m.Name, m.Unit);

    /// <summary>The order's currency is its first line's; each line keeps its own, which the rules hold to the partnership's.</summary>
    public static ErpPurchaseOrder ToRecord(this PurchaseOrder m) => new(m.ExternalId, m.Revision, m.Number, m.OrderedOn.ToDateOnly(),
        m.Lines.Count > 0 ? Currency(m.Lines[0].UnitPrice) : "",
        m.Lines.Select(l => new ErpPurchaseOrderLine(l.LineNo, l.ItemExternalId, l.Quantity, l.UnitPrice?.AmountMinor ?? 0, l.DueOn.ToDateOnly(), Currency(l.UnitPrice))).ToList());

    public static ErpDelivery ToRecord(this Delivery m) => new(m.ExternalId, m.Revision, m.DeliveredOn.ToDateOnly(),
        m.Lines.Select(l => new ErpDeliveryLine(l.LineNo, l.PurchaseOrderExternalId, l.PurchaseOrderLineNo, l.Quantity, l.Lot.Length == 0 ? null : l.Lot)).ToList());

    public static ErpInvoice ToRecord(this Invoice m) => new(m.ExternalId, m.Revision, m.Number,
        m.PurchaseOrderExternalId.Length == 0 ? null : m.PurchaseOrderExternalId, m.IssuedOn.ToDateOnly(), m.DueOn.ToDateOnly(), m.Amount?.AmountMinor ?? 0, Currency(m.Amount));

    public static ErpPayment ToRecord(this Payment m) => new(m.ExternalId, m.Revision, m.InvoiceExternalId, m.PaidOn.ToDateOnly(), m.Amount?.AmountMinor ?? 0, Currency(m.Amount));

    /// <summary>Null when the envelope carries no record (or one of a kind this contract version does not know).</summary>
    public static ErpRecord? ToRecord(this StreamUpsertsRequest m) => m.RecordCase switch
    {
        StreamUpsertsRequest.RecordOneofCase.Item => m.Item.ToRecord(),
        StreamUpsertsRequest.RecordOneofCase.PurchaseOrder => m.PurchaseOrder.ToRecord(),
        StreamUpsertsRequest.RecordOneofCase.Delivery => m.Delivery.ToRecord(),
        StreamUpsertsRequest.RecordOneofCase.Invoice => m.Invoice.ToRecord(),
        StreamUpsertsRequest.RecordOneofCase.Payment => m.Payment.ToRecord(),
        _ => null,
    };

    public static UpsertResult ToMessage(this ErpUpsertResult result) => result switch
    {
        ErpUpsertResult.Created => UpsertResult.Created,
        ErpUpsertResult.Updated => UpsertResult.Updated,
        ErpUpsertResult.Unchanged => UpsertResult.Unchanged,
        _ => UpsertResult.Stale,
    };

    private static string Currency(Money? amount) => amount?.CurrencyCode ?? "";
}
