namespace Portal.Data.Erp;

/// <summary>
/// What an ERP record must look like before it is stored. Pure: references to other records are checked by the writer,
/// inside the transaction, because they may arrive in the same batch.
/// </summary>
public static class ErpSyncRules
{
    public const int MaxExternalIdLength = 100;
    public const int MaxTextLength = 200;
    public const int MaxLinesPerRecord = 1000;
    public static readonly DateOnly EarliestDate = new(2000, 1, 1);
    public static readonly DateOnly LatestDate = new(2100, 12, 31);

    /// <summary>An invoice's or payment's amount, a unit price and a line's value (quantity × unit price): see <see cref="Money.MaxMinor"/>.</summary>
    public const long MaxAmountMinor = Money.MaxMinor;

    /// <summary>Ten million units on one order or delivery line.</summary>
    public const int MaxQuantity = 10_000_000;

    /// <summary>Field violations keyed by field path (e.g. <c>deliveries[3].lines[0].quantity</c>); empty when all is well.</summary>
    public static Dictionary<string, string> Validate(ErpHistory history, ErpRecordName name)
    {
        var errors = new Dictionary<string, string>();
        for (var i = 0; i < history.Items.Count; i++)
        {
            var item = history.Items[i];
            var at = name(ErpRecordKind.Item, i);
            Record(errors, at, item.ExternalId, item.Revision);
            Text(errors, at, "sku", item.Sku, required: true);
            Text(errors, at, "name", item.Name, required: true);
            Text(errors, at, "unit", item.Unit, required: true);
        }
        for (var i = 0; i < history.PurchaseOrders.Count; i++)
        {
            var order = history.PurchaseOrders[i];
            var at = name(ErpRecordKind.PurchaseOrder, i);
            Record(errors, at, order.ExternalId, order.Revision);
            Text(errors, at, "number", order.Number, required: true);
            Date(errors, at, "ordered_on", order.OrderedOn);
            if (order.Lines.All(l => l.Currency is null)) Currency(errors, at, "currency", order.Currency);
            Lines(errors, at, order.Lines, l => l.LineNo, (line, lineAt) =>
            {
                Text(errors, lineAt, "item_external_id", line.ItemExternalId, required: true, MaxExternalIdLength);
                if (line.Quantity <= 0) errors[$"{lineAt}.quantity"] = "Order a positive quantity.";
                else if (line.Quantity > MaxQuantity) errors[$"{lineAt}.quantity"] = $"Order at most {MaxQuantity} on one line.";
                if (line.UnitPriceMinor < 0) errors[$"{lineAt}.unit_price.amount_minor"] = "A price cannot be negative.";
                else if (line.UnitPriceMinor > MaxAmountMinor) errors[$"{lineAt}.unit_price.amount_minor"] = $"A unit price is at most {MaxAmountMinor} minor units.";
                else if (line.Quantity is > 0 and <= MaxQuantity && line.UnitPriceMinor * line.Quantity > MaxAmountMinor)
                {
                    errors[$"{lineAt}.unit_price.amount_minor"] = $"A line's value (quantity × unit price) is at most {MaxAmountMinor} minor units.";
                }
                if (line.Currency is not null) Currency(errors, lineAt, "unit_price.currency_code", line.Currency);
                Date(errors, lineAt, "due_on", line.DueOn);
            });
        }
        for (var i = 0; i < history.Deliveries.Count; i++)
        {
            var delivery = history.Deliveries[i];
            var at = name(ErpRecordKind.Delivery, i);
            Record(errors, at, delivery.ExternalId, delivery.Revision);
            Date(errors, at, "delivered_on", delivery.DeliveredOn);
            Lines(errors, at, delivery.Lines, l => l.LineNo, (line, lineAt) =>
            {
                Text(errors, lineAt, "purchase_order_external_id", line.PurchaseOrderExternalId, required: true, MaxExternalIdLength);
                if (line.PurchaseOrderLineNo <= 0) errors[$"{lineAt}.purchase_order_line_no"] = "Name the purchase order line (1 or more).";
                if (line.Quantity <= 0) errors[$"{lineAt}.quantity"] = "Deliver a positive quantity.";
                else if (line.Quantity > MaxQuantity) errors[$"{lineAt}.quantity"] = $"Deliver at most {MaxQuantity} on one line.";
                Text(errors, lineAt, "lot", line.Lot, required: false);
            });
        }
        for (var i = 0; i < history.Invoices.Count; i++)
        {
            var invoice = history.Invoices[i];
            var at = name(ErpRecordKind.Invoice, i);
            Record(errors, at, invoice.ExternalId, invoice.Revision);
            Text(errors, at, "number", invoice.Number, required: true);
            Text(errors, at, "purchase_order_external_id", invoice.PurchaseOrderExternalId, required: false, MaxExternalIdLength);
            Date(errors, at, "issued_on", invoice.IssuedOn);
            Date(errors, at, "due_on", invoice.DueOn);
            if (invoice.DueOn < invoice.IssuedOn && !errors.ContainsKey($"{at}.due_on")) errors[$"{at}.due_on"] = "An invoice cannot fall due before it is issued.";
            if (invoice.AmountMinor < 0) errors[$"{at}.amount.amount_minor"] = "An invoice amount cannot be negative (credit notes are not taken).";
            else if (invoice.AmountMinor > MaxAmountMinor) errors[$"{at}.amount.amount_minor"] = $"An invoice amount is at most {MaxAmountMinor} minor units.";
            Currency(errors, at, "amount.currency_code", invoice.Currency);
        }
        for (var i = 0; i < history.Payments.Count; i++)
        {
            var payment = history.Payments[i];
            var at = name(ErpRecordKind.Payment, i);
            Record(errors, at, payment.ExternalId, payment.Revision);
            Text(errors, at, "invoice_external_id", payment.InvoiceExternalId, required: true, MaxExternalIdLength);
            Date(errors, at, "paid_on", payment.PaidOn);
            if (payment.AmountMinor <= 0) errors[$"{at}.amount.amount_minor"] = "A payment must be a positive amount.";
            else if (payment.AmountMinor > MaxAmountMinor) errors[$"{at}.amount.amount_minor"] = $"A payment is at most {MaxAmountMinor} minor units.";
            Currency(errors, at, "amount.currency_code", payment.Currency);
        }
        return errors;
    }

    /// <summary>
    /// Amounts whose currency is well-formed but not the partnership's, keyed like <see cref="Validate"/>: every amount
    /// exchanged with a partnership is in its currency, and one in another would be left out of every figure.
    /// </summary>
    public static Dictionary<string, string> ForeignCurrencies(ErpHistory history, ErpRecordName name, string partnershipCurrency)
    {
        var errors = new Dictionary<string, string>();
        var message = $"Amounts of this partnership are in {partnershipCurrency}; convert the amount before syncing it.";
        for (var i = 0; i < history.PurchaseOrders.Count; i++)
        {
            var order = history.PurchaseOrders[i];
            var at = name(ErpRecordKind.PurchaseOrder, i);
            if (order.Lines.All(l => l.Currency is null))
            {
                Foreign(errors, $"{at}.currency", order.Currency, partnershipCurrency, message);
                continue;
            }
            for (var j = 0; j < order.Lines.Count; j++)
            {
                Foreign(errors, $"{at}.lines[{j}].unit_price.currency_code", order.Lines[j].Currency, partnershipCurrency, message);
            }
        }
        for (var i = 0; i < history.Invoices.Count; i++)
        {
            Foreign(errors, $"{name(ErpRecordKind.Invoice, i)}.amount.currency_code", history.Invoices[i].Currency, partnershipCurrency, message);
        }
        for (var i = 0; i < history.Payments.Count; i++)
        {
            Foreign(errors, $"{name(ErpRecordKind.Payment, i)}.amount.currency_code", history.Payments[i].Currency, partnershipCurrency, message);
        }
        return errors;
    }

    // A malformed code is already the format rule's violation.
    private static void Foreign(Dictionary<string, string> errors, string path, string? currency, string partnershipCurrency, string message)
    {
        if (currency is { Length: 3 } && currency.All(char.IsAsciiLetterUpper) && currency != partnershipCurrency) errors[path] = message;
    }

    private static void Record(Dictionary<string, string> errors, string at, string externalId, long revision)
    {
        Text(errors, at, "external_id", externalId, required: true, MaxExternalIdLength);
        if (revision <= 0) errors[$"{at}.revision"] = "Send a revision of 1 or more that grows with every change of the record.";
    }

    private static void Lines<T>(Dictionary<string, string> errors, string at, IReadOnlyList<T> lines, Func<T, int> lineNo, Action<T, string> check)
    {
        if (lines.Count == 0)
        {
            errors[$"{at}.lines"] = "Send at least one line.";
            return;
        }
        if (lines.Count > MaxLinesPerRecord)
        {
            errors[$"{at}.lines"] = $"Send at most {MaxLinesPerRecord} lines.";
            return;
        }
        var seen = new HashSet<int>();
        for (var j = 0; j < lines.Count; j++)
        {
            var lineAt = $"{at}.lines[{j}]";
            var no = lineNo(lines[j]);
            if (no <= 0) errors[$"{lineAt}.line_no"] = "Number lines from 1.";
            else if (!seen.Add(no)) errors[$"{lineAt}.line_no"] = $"Line {no} appears twice.";
            check(lines[j], lineAt);
        }
    }

    /// <summary>
    /// Control characters are refused: PostgreSQL cannot store NUL, and none belongs in an ERP's ids or names. The
    /// field's path (<paramref name="at"/> + "." + <paramref name="field"/>) is only put together for a violation, so a
    /// valid batch spends nothing on it.
    /// </summary>
    private static void Text(Dictionary<string, string> errors, string at, string field, string? value, bool required, int maxLength = MaxTextLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required || value is { Length: > 0 }) errors[$"{at}.{field}"] = required ? "Required." : "Leave it empty or give a value that is not blank.";
        }
        else if (value.Length > maxLength)
        {
            errors[$"{at}.{field}"] = $"At most {maxLength} characters.";
        }
        else if (!IsClean(value))
        {
            errors[$"{at}.{field}"] = "No control characters or broken Unicode.";
        }
    }

    /// <summary>An external id the rules accept: not blank, at most <see cref="MaxExternalIdLength"/> characters, no control characters.</summary>
    public static bool IsWellFormedId(string? value) => !string.IsNullOrWhiteSpace(value) && value.Length <= MaxExternalIdLength && IsClean(value);

    /// <summary>No control characters, and every surrogate in a pair.</summary>
    private static bool IsClean(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsControl(value[i])) return false;
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) i++;
            else if (char.IsSurrogate(value[i])) return false;
        }
        return true;
    }

    private static void Date(Dictionary<string, string> errors, string at, string field, DateOnly value)
    {
        if (value < EarliestDate || value > LatestDate) errors[$"{at}.{field}"] = $"Give a date (YYYY-MM-DD) between {EarliestDate:yyyy-MM-dd} and {LatestDate:yyyy-MM-dd}.";
    }

    private static void Currency(Dictionary<string, string> errors, string at, string field, string value)
    {
        if (value is not { Length: 3 } || !value.All(char.IsAsciiLetterUpper)) errors[$"{at}.{field}"] = "Give an ISO 4217 code of three capital letters, e.g. EUR.";
    }
}
