using Portal.Data.Credit;

namespace Portal.Data.Tests.Credit;

public sealed record CreditPayment(DateOnly PaidOn, long AmountMinor, string Currency);

/// <summary>An invoice as the ERP synced it, with its payments (there may be several, each partial).</summary>
public sealed record CreditInvoice
{
    public long Id { get; init; }
    public required string Number { get; init; }
    public DateOnly IssuedOn { get; init; }
    public DateOnly DueOn { get; init; }
    public long AmountMinor { get; init; }
    public required string Currency { get; init; }
    public IReadOnlyList<CreditPayment> Payments { get; init; } = [];
}

/// <summary>A purchase-order line with what has been delivered against it, and when.</summary>
public sealed record CreditOrderLine
{
    public long Id { get; init; }
    public DateOnly OrderedOn { get; init; }
    public long Quantity { get; init; }
    public long UnitPriceMinor { get; init; }
    public required string Currency { get; init; }
    public IReadOnlyList<(DateOnly DeliveredOn, long Quantity)> Deliveries { get; init; } = [];
}

/// <summary>The reference position: the figures and every open invoice, computed the plain way.</summary>
public sealed record ReferencePosition(CreditPosition Figures, IReadOnlyList<OpenInvoice> OpenInvoices)
{
    public long ExposureMinor => Figures.ExposureMinor;
    public long InvoiceExposureMinor => Figures.InvoiceExposureMinor;
    public long OpenOrderExposureMinor => Figures.OpenOrderExposureMinor;
    public long AvailableMinor => Figures.AvailableMinor;
    public long EffectiveLimitMinor => Figures.EffectiveLimitMinor;
    public long OverdueMinor => Figures.OverdueMinor;
    public decimal? UtilisationPercent => Figures.UtilisationPercent;
    public IReadOnlyDictionary<AgingBucket, long> Aging => Figures.Aging;
    public IReadOnlyList<string> Warnings => Figures.Warnings;
}

/// <summary>
/// The credit figures computed the straightforward way, from every invoice with its payments and every order line with
/// its deliveries: the definition the store's balance-based reads must match exactly (the differential tests hold them
/// to it over random histories). It was the production code until the balances replaced it.
/// </summary>
public static class CreditReference
{
    /// <summary>What is still owed on the invoice at the end of <paramref name="day"/>: issued by then, minus payments made by then (never below zero).</summary>
    public static long Outstanding(CreditInvoice invoice, string currency, DateOnly day)
    {
        if (invoice.IssuedOn > day)
        {
            return 0;
        }
        var paid = invoice.Payments.Where(p => p.PaidOn <= day && p.Currency == currency).Sum(p => p.AmountMinor);
        return Math.Max(0, invoice.AmountMinor - paid);
    }

    /// <summary>Ordered by <paramref name="day"/> and not yet delivered by then, at the order's unit price.</summary>
    public static long OpenOrderValue(CreditOrderLine line, DateOnly day)
    {
        if (line.OrderedOn > day)
        {
            return 0;
        }
        var delivered = line.Deliveries.Where(d => d.DeliveredOn <= day).Sum(d => d.Quantity);
        return Math.Max(0, line.Quantity - delivered) * line.UnitPriceMinor;
    }

    public static ReferencePosition Position(CreditLine line, IReadOnlyList<CreditInvoice> invoices, IReadOnlyList<CreditOrderLine> orders,
        IReadOnlyList<CreditArrangement> arrangements, DateOnly day)
    {
        var open = new List<OpenInvoice>();
        foreach (var invoice in invoices.Where(i => i.Currency == line.Currency))
        {
            var outstanding = Outstanding(invoice, line.Currency, day);
            if (outstanding == 0)
            {
                continue;
            }
            var effectiveDue = CreditRules.EffectiveDueOn(invoice.Id, invoice.DueOn, arrangements, day);
            var daysPast = day.DayNumber - effectiveDue.DayNumber;
            open.Add(new OpenInvoice(invoice.Id, invoice.Number, invoice.IssuedOn, invoice.DueOn, effectiveDue, invoice.AmountMinor, outstanding, Math.Max(0, daysPast),
                CreditRules.BucketFor(daysPast)));
        }
        var orderExposure = line.CountOpenOrders ? orders.Where(o => o.Currency == line.Currency).Sum(o => OpenOrderValue(o, day)) : 0;
        var invoiceExposure = open.Sum(o => o.OutstandingMinor);
        var effectiveLimit = CreditRules.EffectiveLimit(line.LimitMinor, line.Currency, arrangements, day);
        var figures = new CreditPosition
        {
            Currency = line.Currency,
            AsOf = day,
            LimitMinor = line.LimitMinor,
            EffectiveLimitMinor = effectiveLimit,
            InvoiceExposureMinor = invoiceExposure,
            OpenOrderExposureMinor = orderExposure,
            OverdueMinor = open.Where(o => o.Bucket != AgingBucket.Current).Sum(o => o.OutstandingMinor),
            UtilisationPercent = CreditRules.Utilisation(invoiceExposure + orderExposure, effectiveLimit),
            Aging = Enum.GetValues<AgingBucket>().ToDictionary(b => b, b => open.Where(o => o.Bucket == b).Sum(o => o.OutstandingMinor)),
            OpenInvoiceCount = open.Count,
            Warnings = CurrencyWarnings(line, invoices, orders),
        };
        return new ReferencePosition(figures, open.OrderBy(o => o.EffectiveDueOn).ThenBy(o => o.Id).ToList());
    }

    /// <summary>Exposure and effective limit at the end of each of the last <paramref name="months"/> months, the running month ending today.</summary>
    public static IReadOnlyList<CreditSeriesPoint> MonthlySeries(CreditLine line, IReadOnlyList<CreditInvoice> invoices, IReadOnlyList<CreditOrderLine> orders,
        IReadOnlyList<CreditArrangement> arrangements, DateOnly today, int months = 12)
    {
        var points = new List<CreditSeriesPoint>();
        var firstOfThisMonth = new DateOnly(today.Year, today.Month, 1);
        for (var back = months - 1; back >= 0; back--)
        {
            var monthStart = firstOfThisMonth.AddMonths(-back);
            var day = back == 0 ? today : monthStart.AddMonths(1).AddDays(-1);
            var invoiceExposure = invoices.Where(i => i.Currency == line.Currency).Sum(i => Outstanding(i, line.Currency, day));
            var orderExposure = line.CountOpenOrders ? orders.Where(o => o.Currency == line.Currency).Sum(o => OpenOrderValue(o, day)) : 0;
            points.Add(new CreditSeriesPoint(day, invoiceExposure + orderExposure, CreditRules.EffectiveLimit(line.LimitMinor, line.Currency, arrangements, day)));
        }
        return points;
    }

    public static IReadOnlyList<string> CurrencyWarnings(CreditLine line, IReadOnlyList<CreditInvoice> invoices, IReadOnlyList<CreditOrderLine> orders)
    {
        var warnings = new List<string>();
        var foreignInvoices = invoices.Where(i => i.Currency != line.Currency).ToList();
        if (foreignInvoices.Count > 0)
        {
            warnings.Add($"{foreignInvoices.Count} invoice(s) in {string.Join(", ", foreignInvoices.Select(i => i.Currency).Distinct().Order())} are not counted: the credit line is in {line.Currency} and currencies are never mixed ({string.Join(", ", foreignInvoices.Take(5).Select(i => i.Number))}).");
        }
        var foreignPayments = invoices.Where(i => i.Currency == line.Currency).SelectMany(i => i.Payments.Where(p => p.Currency != line.Currency).Select(_ => i.Number)).ToList();
        if (foreignPayments.Count > 0)
        {
            warnings.Add($"{foreignPayments.Count} payment(s) in another currency than their invoice are not counted ({string.Join(", ", foreignPayments.Distinct().Take(5))}).");
        }
        if (line.CountOpenOrders && orders.Any(o => o.Currency != line.Currency))
        {
            warnings.Add($"Open order lines in another currency than {line.Currency} are not counted.");
        }
        return warnings;
    }
}
