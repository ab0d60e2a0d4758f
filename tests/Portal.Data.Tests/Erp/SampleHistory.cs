using Portal.Data.Erp;

namespace Portal.Data.Tests.Erp;

/// <summary>
/// A small history whose dashboard figures are worked out by hand, seen from 2 March 2026 (the twelve
/// months start after 2 March 2025):
/// <list type="bullet">
/// <item>PO-1001 line 1 (10 due 10 Jan) arrives whole on 9 Jan: on time in full.</item>
/// <item>Line 2 (5 due 1 Feb) arrives on 3 Feb: late.</item>
/// <item>Line 3 (6 due 15 Feb) arrives 3 on 10 Feb and 3 on 20 Feb: complete, but not on time in full.</item>
/// <item>Line 4 (4 due 1 Apr) has 2 delivered: not due yet, and the only open line.</item>
/// <item>PO-0900 was due and delivered in December 2024: outside the twelve months.</item>
/// </list>
/// So 3 lines were due, 1 on time in full (33.3 %), 5 deliveries in the twelve months, 1 open line.
/// Invoices in the twelve months: 1000.00 paid, 500.00 with 200.00 paid and due 1 March (300.00 overdue),
/// 700.00 due 22 March: 2200.00 invoiced, 1000.00 open, 300.00 overdue. F-0900 (2.50, paid) is older.
/// </summary>
public static class SampleHistory
{
    public static readonly DateOnly Today = new(2026, 3, 2);

    public static ErpHistory Build(long itemRevision = 1, long orderRevision = 1, string bracketName = "Bracket", int line1Quantity = 10) => new(
        Items:
        [
            new ErpItem("I-1", itemRevision, "BR-1", bracketName, "pcs"),
            new ErpItem("I-2", 1, "SH-2", "Shaft", "pcs"),
        ],
        PurchaseOrders:
        [
            new ErpPurchaseOrder("PO-0900", 1, "PO-0900", new DateOnly(2024, 11, 1), "EUR",
                [new ErpPurchaseOrderLine(1, "I-1", 1, 250, new DateOnly(2024, 12, 1))]),
            new ErpPurchaseOrder("PO-1001", orderRevision, "PO-1001", new DateOnly(2025, 12, 1), "EUR",
            [
                new ErpPurchaseOrderLine(1, "I-1", line1Quantity, 250, new DateOnly(2026, 1, 10)),
                new ErpPurchaseOrderLine(2, "I-2", 5, 1200, new DateOnly(2026, 2, 1)),
                new ErpPurchaseOrderLine(3, "I-1", 6, 250, new DateOnly(2026, 2, 15)),
                new ErpPurchaseOrderLine(4, "I-2", 4, 1200, new DateOnly(2026, 4, 1)),
            ]),
        ],
        Deliveries:
        [
            new ErpDelivery("D-0", 1, new DateOnly(2024, 12, 1), [new ErpDeliveryLine(1, "PO-0900", 1, 1, null)]),
            new ErpDelivery("D-1", 1, new DateOnly(2026, 1, 9), [new ErpDeliveryLine(1, "PO-1001", 1, 10, "LOT-A")]),
            new ErpDelivery("D-2", 1, new DateOnly(2026, 2, 3), [new ErpDeliveryLine(1, "PO-1001", 2, 5, null)]),
            new ErpDelivery("D-3", 1, new DateOnly(2026, 2, 10), [new ErpDeliveryLine(1, "PO-1001", 3, 3, null)]),
            new ErpDelivery("D-4", 1, new DateOnly(2026, 2, 20), [new ErpDeliveryLine(1, "PO-1001", 3, 3, null)]),
            new ErpDelivery("D-5", 1, new DateOnly(2026, 3, 1), [new ErpDeliveryLine(1, "PO-1001", 4, 2, "LOT-B")]),
        ],
        Invoices:
        [
            new ErpInvoice("F-0900", 1, "F-0900", "PO-0900", new DateOnly(2025, 1, 10), new DateOnly(2025, 2, 9), 250, "EUR"),
            new ErpInvoice("F-1001", 1, "F-1001", "PO-1001", new DateOnly(2026, 1, 15), new DateOnly(2026, 2, 14), 100_000, "EUR"),
            new ErpInvoice("F-1002", 1, "F-1002", "PO-1001", new DateOnly(2026, 2, 5), new DateOnly(2026, 3, 1), 50_000, "EUR"),
            new ErpInvoice("F-1003", 1, "F-1003", null, new DateOnly(2026, 2, 20), new DateOnly(2026, 3, 22), 70_000, "EUR"),
        ],
        Payments:
        [
            new ErpPayment("P-0900", 1, "F-0900", new DateOnly(2025, 2, 1), 250, "EUR"),
            new ErpPayment("P-1001", 1, "F-1001", new DateOnly(2026, 2, 10), 100_000, "EUR"),
            new ErpPayment("P-1002", 1, "F-1002", new DateOnly(2026, 2, 28), 20_000, "EUR"),
        ]);
}
