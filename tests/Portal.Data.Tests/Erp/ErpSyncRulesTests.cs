using Portal.Data.Erp;

namespace Portal.Data.Tests.Erp;

public sealed class ErpSyncRulesTests
{
    private static readonly DateOnly Day = new(2026, 2, 1);
    private static readonly ErpDelivery GoodDelivery = new("D-1", 1, Day, [new ErpDeliveryLine(1, "PO-1", 1, 4, "LOT")]);
    private static readonly ErpInvoice GoodInvoice = new("F-1", 1, "F-1", null, Day, Day.AddDays(30), 100, "EUR");

    public static TheoryData<string, ErpHistory, string> Refused => new()
    {
        { "empty external id", Of(deliveries: [GoodDelivery with { ExternalId = "" }]), "deliveries[0].external_id" },
        { "huge external id", Of(deliveries: [GoodDelivery with { ExternalId = new string('x', 101) }]), "deliveries[0].external_id" },
        { "revision 0", Of(deliveries: [GoodDelivery with { Revision = 0 }]), "deliveries[0].revision" },
        { "negative quantity", Of(deliveries: [GoodDelivery with { Lines = [new ErpDeliveryLine(1, "PO-1", 1, -1, null)] }]), "deliveries[0].lines[0].quantity" },
        { "no lines", Of(deliveries: [GoodDelivery with { Lines = [] }]), "deliveries[0].lines" },
        { "repeated line", Of(deliveries: [GoodDelivery with { Lines = [new ErpDeliveryLine(1, "PO-1", 1, 1, null), new ErpDeliveryLine(1, "PO-1", 2, 1, null)] }]), "deliveries[0].lines[1].line_no" },
        { "blank lot", Of(deliveries: [GoodDelivery with { Lines = [new ErpDeliveryLine(1, "PO-1", 1, 1, "  ")] }]), "deliveries[0].lines[0].lot" },
        { "NUL in lot", Of(deliveries: [GoodDelivery with { Lines = [new ErpDeliveryLine(1, "PO-1", 1, 1, "A\0B")] }]), "deliveries[0].lines[0].lot" },
        { "date before 2000", Of(deliveries: [GoodDelivery with { DeliveredOn = new DateOnly(1999, 12, 31) }]), "deliveries[0].delivered_on" },
        { "date after 2100", Of(deliveries: [GoodDelivery with { DeliveredOn = new DateOnly(2101, 1, 1) }]), "deliveries[0].delivered_on" },
        { "lower-case currency", Of(invoices: [GoodInvoice with { Currency = "eur" }]), "invoices[0].amount.currency_code" },
        { "four-letter currency", Of(invoices: [GoodInvoice with { Currency = "EURO" }]), "invoices[0].amount.currency_code" },
        { "due before issued", Of(invoices: [GoodInvoice with { DueOn = Day.AddDays(-1) }]), "invoices[0].due_on" },
        { "negative invoice", Of(invoices: [GoodInvoice with { AmountMinor = -1 }]), "invoices[0].amount.amount_minor" },
        { "zero payment", Of(payments: [new ErpPayment("P-1", 1, "F-1", Day, 0, "EUR")]), "payments[0].amount.amount_minor" },
        { "blank item name", Of(items: [new ErpItem("I-1", 1, "S", " ", "pcs")]), "items[0].name" },
        { "lone surrogate", Of(items: [new ErpItem("I-1", 1, "S", "A\uD800", "pcs")]), "items[0].name" },
        { "invoice of long.MaxValue", Of(invoices: [GoodInvoice with { AmountMinor = long.MaxValue }]), "invoices[0].amount.amount_minor" },
        { "invoice just over the maximum", Of(invoices: [GoodInvoice with { AmountMinor = ErpSyncRules.MaxAmountMinor + 1 }]), "invoices[0].amount.amount_minor" },
        { "payment of long.MaxValue", Of(payments: [new ErpPayment("P-1", 1, "F-1", Day, long.MaxValue, "EUR")]), "payments[0].amount.amount_minor" },
        { "delivered int.MaxValue", Of(deliveries: [GoodDelivery with { Lines = [new ErpDeliveryLine(1, "PO-1", 1, int.MaxValue, null)] }]), "deliveries[0].lines[0].quantity" },
        { "ordered int.MaxValue", Of(orders: [new ErpPurchaseOrder("PO-1", 1, "1", Day, "EUR", [new ErpPurchaseOrderLine(1, "I-1", int.MaxValue, 1, Day)])]), "purchase_orders[0].lines[0].quantity" },
        { "price of long.MaxValue", Of(orders: [new ErpPurchaseOrder("PO-1", 1, "1", Day, "EUR", [new ErpPurchaseOrderLine(1, "I-1", 1, long.MaxValue, Day)])]), "purchase_orders[0].lines[0].unit_price.amount_minor" },
        { "line worth more than the maximum", Of(orders: [new ErpPurchaseOrder("PO-1", 1, "1", Day, "EUR", [new ErpPurchaseOrderLine(1, "I-1", ErpSyncRules.MaxQuantity, ErpSyncRules.MaxAmountMinor, Day)])]), "purchase_orders[0].lines[0].unit_price.amount_minor" },
        { "negative price", Of(orders: [new ErpPurchaseOrder("PO-1", 1, "1", Day, "EUR", [new ErpPurchaseOrderLine(1, "I-1", 1, -5, Day)])]), "purchase_orders[0].lines[0].unit_price.amount_minor" },
    };

    [Theory, MemberData(nameof(Refused))]
    public void A_bad_value_is_named_by_record_and_field(string because, ErpHistory history, string field)
    {
        var errors = ErpSyncRules.Validate(history, ErpRecordNames.InBatch);

        Assert.True(errors.Keys.SequenceEqual([field]), $"{because}: {string.Join(", ", errors.Keys)}");
    }

    [Fact]
    public void Good_records_pass()
    {
        var history = Of(items: [new ErpItem("I-1", 1, "S", "Bracket \U0001F527", "pcs")], deliveries: [GoodDelivery], invoices: [GoodInvoice],
            payments: [new ErpPayment("P-1", 1, "F-1", Day, 1, "EUR"), new ErpPayment("P-2", 1, "F-1", Day, ErpSyncRules.MaxAmountMinor, "EUR")],
            orders: [new ErpPurchaseOrder("PO-1", 1, "1", Day, "EUR", [new ErpPurchaseOrderLine(1, "I-1", 10, ErpSyncRules.MaxAmountMinor / 10, Day)])]);

        Assert.Empty(ErpSyncRules.Validate(history, ErpRecordNames.InBatch));
    }

    [Fact]
    public void Amounts_in_another_currency_than_the_partnerships_are_named_by_their_currency_field()
    {
        var history = Of(invoices: [GoodInvoice, GoodInvoice with { Currency = "USD" }, GoodInvoice with { Currency = "usd" }],
            payments: [new ErpPayment("P-1", 1, "F-1", Day, 1, "GBP")],
            orders: [new ErpPurchaseOrder("PO-1", 1, "1", Day, "EUR", [new ErpPurchaseOrderLine(1, "I-1", 1, 1, Day, "EUR"), new ErpPurchaseOrderLine(2, "I-1", 1, 1, Day, "USD")])]);

        // The malformed "usd" is the format rule's violation, not this one's.
        Assert.Equal(["invoices[1].amount.currency_code", "payments[0].amount.currency_code", "purchase_orders[0].lines[1].unit_price.currency_code"],
            ErpSyncRules.ForeignCurrencies(history, ErpRecordNames.InBatch, "EUR").Keys.Order(StringComparer.Ordinal));
    }

    private static ErpHistory Of(IReadOnlyList<ErpItem>? items = null, IReadOnlyList<ErpPurchaseOrder>? orders = null, IReadOnlyList<ErpDelivery>? deliveries = null,
        IReadOnlyList<ErpInvoice>? invoices = null, IReadOnlyList<ErpPayment>? payments = null) =>
        new(items ?? [], orders ?? [], deliveries ?? [], invoices ?? [], payments ?? []);
}
