namespace Portal.Data.Erp;

/// <summary>A record as a customer's ERP states it, keyed by its own external id and revision (monotonic per record).</summary>
public abstract record ErpRecord;

public sealed record ErpItem(string ExternalId, long Revision, string Sku, string Name, string Unit) : ErpRecord;

/// <summary>A line of an order; <paramref name="Currency"/> is the unit price's when the ERP states it per line (the contract does), else null for the order's.</summary>
public sealed record ErpPurchaseOrderLine(int LineNo, string ItemExternalId, int Quantity, long UnitPriceMinor, DateOnly DueOn, string? Currency = null);

public sealed record ErpPurchaseOrder(string ExternalId, long Revision, string Number, DateOnly OrderedOn, string Currency, IReadOnlyList<ErpPurchaseOrderLine> Lines) : ErpRecord;

public sealed record ErpDeliveryLine(int LineNo, string PurchaseOrderExternalId, int PurchaseOrderLineNo, int Quantity, string? Lot);

public sealed record ErpDelivery(string ExternalId, long Revision, DateOnly DeliveredOn, IReadOnlyList<ErpDeliveryLine> Lines) : ErpRecord;

public sealed record ErpInvoice(string ExternalId, long Revision, string Number, string? PurchaseOrderExternalId, DateOnly IssuedOn, DateOnly DueOn, long AmountMinor, string Currency) : ErpRecord;

public sealed record ErpPayment(string ExternalId, long Revision, string InvoiceExternalId, DateOnly PaidOn, long AmountMinor, string Currency) : ErpRecord;

public sealed record ErpHistory(
    IReadOnlyList<ErpItem> Items,
    IReadOnlyList<ErpPurchaseOrder> PurchaseOrders,
    IReadOnlyList<ErpDelivery> Deliveries,
    IReadOnlyList<ErpInvoice> Invoices,
    IReadOnlyList<ErpPayment> Payments)
{
    public int Count => Items.Count + PurchaseOrders.Count + Deliveries.Count + Invoices.Count + Payments.Count;

    /// <summary>Groups records of any kind by kind, each kind keeping the records' order.</summary>
    public static ErpHistory Of(IEnumerable<ErpRecord> records)
    {
        List<ErpItem> items = [];
        List<ErpPurchaseOrder> orders = [];
        List<ErpDelivery> deliveries = [];
        List<ErpInvoice> invoices = [];
        List<ErpPayment> payments = [];
        foreach (var record in records)
        {
            switch (record)
            {
                case ErpItem item: items.Add(item); break;
                case ErpPurchaseOrder order: orders.Add(order); break;
                case ErpDelivery delivery: deliveries.Add(delivery); break;
                case ErpInvoice invoice: invoices.Add(invoice); break;
                case ErpPayment payment: payments.Add(payment); break;
                default: throw new ArgumentException($"Unknown ERP record {record.GetType().Name}.", nameof(records));
            }
        }
        return new ErpHistory(items, orders, deliveries, invoices, payments);
    }
}

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

    /// <summary>The same percentage, rounded the same way, as a guarantee and the scorecard give for the same lines.</summary>
    public decimal? OnTimeInFullPercent => Guarantees.GuaranteeRules.Percent(LinesOnTimeInFullLast12Months, LinesDueLast12Months);
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
