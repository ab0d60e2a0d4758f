using System.Globalization;
using Portal.Data.Erp;
using Portal.Erp.V1;
using ErpItemMessage = Portal.Erp.V1.Item;

namespace Portal.Grpc.Mapping;

/// <summary>
/// Contract messages to domain records. A date that does not parse becomes <see cref="DateOnly.MinValue"/>, which the
/// domain rules refuse with a message that states the format, so every bad value is reported in one place.
/// </summary>
public static class ErpSyncMapping
{
    public static ErpItem ToRecord(this ErpItemMessage m) => new(m.ExternalId, m.Revision, m.Sku, m.Name, m.Unit);

    public static ErpPurchaseOrder ToRecord(this PurchaseOrder m) => new(m.ExternalId, m.Revision, m.Number, Date(m.OrderedOn), m.Currency,
        m.Lines.Select(l => new ErpPurchaseOrderLine(l.LineNo, l.ItemExternalId, l.Quantity, l.UnitPriceMinor, Date(l.DueOn))).ToList());

    public static ErpDelivery ToRecord(this Delivery m) => new(m.ExternalId, m.Revision, Date(m.DeliveredOn),
        m.Lines.Select(l => new ErpDeliveryLine(l.LineNo, l.PurchaseOrderExternalId, l.PurchaseOrderLineNo, l.Quantity, l.Lot.Length == 0 ? null : l.Lot)).ToList());

    public static ErpInvoice ToRecord(this Invoice m) => new(m.ExternalId, m.Revision, m.Number,
        m.PurchaseOrderExternalId.Length == 0 ? null : m.PurchaseOrderExternalId, Date(m.IssuedOn), Date(m.DueOn), m.AmountMinor, m.Currency);

    public static ErpPayment ToRecord(this Payment m) => new(m.ExternalId, m.Revision, m.InvoiceExternalId, Date(m.PaidOn), m.AmountMinor, m.Currency);

    /// <summary>Null when the envelope carries no record (or one of a kind this contract version does not know).</summary>
    public static ErpRecord? ToRecord(this UpsertEnvelope m) => m.RecordCase switch
    {
        UpsertEnvelope.RecordOneofCase.Item => m.Item.ToRecord(),
        UpsertEnvelope.RecordOneofCase.PurchaseOrder => m.PurchaseOrder.ToRecord(),
        UpsertEnvelope.RecordOneofCase.Delivery => m.Delivery.ToRecord(),
        UpsertEnvelope.RecordOneofCase.Invoice => m.Invoice.ToRecord(),
        UpsertEnvelope.RecordOneofCase.Payment => m.Payment.ToRecord(),
        _ => null,
    };

    public static UpsertResult ToMessage(this ErpUpsertResult result) => result switch
    {
        ErpUpsertResult.Created => UpsertResult.Created,
        ErpUpsertResult.Updated => UpsertResult.Updated,
        ErpUpsertResult.Unchanged => UpsertResult.Unchanged,
        _ => UpsertResult.Stale,
    };

    public static string ToText(this DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly Date(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : DateOnly.MinValue;
}
