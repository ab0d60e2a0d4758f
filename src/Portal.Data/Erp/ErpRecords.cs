namespace Portal.Data.Erp;

/// <summary>Records as a customer's ERP states them, keyed by its own external ids and revisions.</summary>
public sealed record ErpItem(string ExternalId, long Revision, string Sku, string Name, string Unit);

public sealed record ErpPurchaseOrderLine(int LineNo, string ItemExternalId, int Quantity, long UnitPriceMinor, DateOnly DueOn);

public sealed record ErpPurchaseOrder(string ExternalId, long Revision, string Number, DateOnly OrderedOn, string Currency, IReadOnlyList<ErpPurchaseOrderLine> Lines);

public sealed record ErpDeliveryLine(int LineNo, string PurchaseOrderExternalId, int PurchaseOrderLineNo, int Quantity, string? Lot);

public sealed record ErpDelivery(string ExternalId, long Revision, DateOnly DeliveredOn, IReadOnlyList<ErpDeliveryLine> Lines);

public sealed record ErpInvoice(string ExternalId, long Revision, string Number, string? PurchaseOrderExternalId, DateOnly IssuedOn, DateOnly DueOn, long AmountMinor, string Currency);

public sealed record ErpPayment(string ExternalId, long Revision, string InvoiceExternalId, DateOnly PaidOn, long AmountMinor, string Currency);

public sealed record ErpHistory(
    IReadOnlyList<ErpItem> Items,
    IReadOnlyList<ErpPurchaseOrder> PurchaseOrders,
    IReadOnlyList<ErpDelivery> Deliveries,
    IReadOnlyList<ErpInvoice> Invoices,
    IReadOnlyList<ErpPayment> Payments);

/// <summary>The partnership's commercial picture from ERP data, for the dashboard.</summary>
public sealed record ErpSummary
{
    public long OpenOrderLines { get; init; }
    public long DeliveriesLast12Months { get; init; }
    public long LinesDueLast12Months { get; init; }
    public long LinesOnTimeInFullLast12Months { get; init; }
    public long InvoicedLast12MonthsMinor { get; init; }
    public long OpenInvoicesMinor { get; init; }
    public long OverdueMinor { get; init; }

    public decimal? OnTimeInFullPercent => LinesDueLast12Months == 0 ? null : Math.Round(100m * LinesOnTimeInFullLast12Months / LinesDueLast12Months, 1);
}

public sealed record RecentDelivery
{
    public required string ExternalId { get; init; }
    public DateOnly DeliveredOn { get; init; }
    public required string PurchaseOrderNumber { get; init; }
    public required string ItemName { get; init; }
    public long Quantity { get; init; }
    public string? Lot { get; init; }
    public DateOnly DueOn { get; init; }

    public bool Late => DeliveredOn > DueOn;
}
