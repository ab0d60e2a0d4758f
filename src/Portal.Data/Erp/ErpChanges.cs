namespace Portal.Data.Erp;

public enum ErpHistoryChange
{
    Imported,
}

/// <summary>How many records of each type an import brought, as the trail keeps it.</summary>
public sealed record ErpHistoryImport(int Items, int PurchaseOrders, int Deliveries, int Invoices, int Payments);

/// <summary>The ERP's write methods: a batch's method name is its action in the trail.</summary>
public enum ErpSyncChange
{
    UpsertItems,
    UpsertPurchaseOrders,
    UpsertDeliveries,
    UpsertInvoices,
    UpsertPayments,
    StreamUpserts,
}

/// <summary>What one batch or stream chunk did, as the trail keeps it.</summary>
public sealed record ErpSyncSummary(string Id, int Created, int Updated, int Unchanged, int Stale);
