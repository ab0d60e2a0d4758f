
namespace Portal.Data.Credit;

/// <summary>
/// Credit as pure functions: exposure, effective limit and due dates under arrangements, aging, the chart's series,
/// request validation and who may decide. All money is integer minor units of the line's currency; a record in
/// another currency is left out with a warning, never converted.
/// </summary>
public static class CreditRules
{
    public const int MaxReasonLength = 2000;
    public const int MaxPaymentTermsDays = 365;

    /// <summary>The utilisation thresholds that alert, in percent.</summary>
    public static readonly IReadOnlyList<int> AlertThresholds = [80, 100];

    /// <summary>How many days before an approved extension ends its alert goes out.</summary>
    public const int ExtensionEndingNoticeDays = 7;

    /// <summary>
    /// The limit plus every approved extension running on <paramref name="day"/> in the line's currency (an extension
    /// granted before the line changed currency no longer adds: amounts are never converted).
    /// </summary>
    public static long EffectiveLimit(long limitMinor, string currency, IEnumerable<CreditArrangement> arrangements, DateOnly day) =>
        checked(limitMinor + arrangements.Where(a => a.Kind == CreditArrangementKind.TemporaryExtension && a.Currency == currency && a.IsActiveOn(day)).Sum(a => a.ExtensionMinor ?? 0));

    /// <summary>
    /// The due date that applies on <paramref name="day"/>: an approved deferral that covers the invoice and runs that
    /// day moves it (the latest such date wins); once the deferral ends, the original due date applies again.
    /// </summary>
    public static DateOnly EffectiveDueOn(long invoiceId, DateOnly dueOn, IEnumerable<CreditArrangement> arrangements, DateOnly day)
    {
        var due = dueOn;
        foreach (var deferral in arrangements.Where(a => a.Kind == CreditArrangementKind.HardshipDeferral && a.IsActiveOn(day) && a.InvoiceIds.Contains(invoiceId)))
        {
            var moved = deferral.DeferredTo ?? dueOn.AddDays(deferral.DeferralDays ?? 0);
            if (moved > due)
            {
                due = moved;
            }
        }
        return due;
    }

    /// <summary>The invoices whose due date an arrangement running on <paramref name="day"/> may move.</summary>
    public static IReadOnlyCollection<long> DeferredOn(IEnumerable<CreditArrangement> arrangements, DateOnly day) =>
        arrangements.Where(a => a.Kind == CreditArrangementKind.HardshipDeferral && a.IsActiveOn(day)).SelectMany(a => a.InvoiceIds).ToHashSet();

    /// <summary>An open invoice as it stands on <paramref name="day"/>: the due date in force, days past it and its bucket.</summary>
    public static OpenInvoice Open(OpenInvoiceRow row, IEnumerable<CreditArrangement> arrangements, DateOnly day)
    {
        var effectiveDue = EffectiveDueOn(row.Id, row.DueOn, arrangements, day);
        var daysPast = day.DayNumber - effectiveDue.DayNumber;
        return new OpenInvoice(row.Id, row.Number, row.IssuedOn, row.DueOn, effectiveDue, row.AmountMinor, row.OutstandingMinor, Math.Max(0, daysPast), BucketFor(daysPast));
    }

    public static AgingBucket BucketFor(int daysPastDue) => daysPastDue switch
    {
        <= 0 => AgingBucket.Current,
        <= 30 => AgingBucket.Days1To30,
        <= 60 => AgingBucket.Days31To60,
        <= 90 => AgingBucket.Days61To90,
        _ => AgingBucket.Over90,
    };

    public static string Label(this AgingBucket bucket) => bucket switch
    {
        AgingBucket.Current => "Current",
        AgingBucket.Days1To30 => "1–30 days",
        AgingBucket.Days31To60 => "31–60 days",
        AgingBucket.Days61To90 => "61–90 days",
        _ => "Over 90 days",
    };

    public static decimal? Utilisation(long exposureMinor, long effectiveLimitMinor) =>
        effectiveLimitMinor <= 0 ? null : Math.Round(100m * exposureMinor / effectiveLimitMinor, 1);

    /// <summary>
    /// The whole position on <paramref name="day"/>: the open invoices' aging as read, with the invoices a running
    /// deferral covers placed by the due date in force; open orders when the line counts them. The amounts are bounded
    /// (<see cref="Money.MaxMinor"/>), so the additions cannot overflow in practice; they are checked so that corrupt data
    /// fails loudly instead of wrapping round to a negative exposure.
    /// </summary>
    public static CreditPosition Position(CreditLine line, CreditLedgerData data, IReadOnlyList<CreditArrangement> arrangements, DateOnly day)
    {
        var aging = Enum.GetValues<AgingBucket>().ToDictionary(b => b, b => data.UndeferredAging.GetValueOrDefault(b));
        foreach (var open in data.DeferrableCandidates.Select(c => Open(c, arrangements, day)))
        {
            aging[open.Bucket] = checked(aging[open.Bucket] + open.OutstandingMinor);
        }
        var invoiceExposure = aging.Values.Sum();
        var orderExposure = line.CountOpenOrders ? data.OpenOrderExposureMinor : 0;
        var effectiveLimit = EffectiveLimit(line.LimitMinor, line.Currency, arrangements, day);
        return new CreditPosition
        {
            Currency = line.Currency,
            AsOf = day,
            LimitMinor = line.LimitMinor,
            EffectiveLimitMinor = effectiveLimit,
            InvoiceExposureMinor = invoiceExposure,
            OpenOrderExposureMinor = orderExposure,
            OverdueMinor = aging.Where(a => a.Key != AgingBucket.Current).Sum(a => a.Value),
            UtilisationPercent = Utilisation(checked(invoiceExposure + orderExposure), effectiveLimit),
            Aging = aging,
            OpenInvoiceCount = data.OpenInvoiceCount,
            Warnings = data.Warnings,
        };
    }

    /// <summary>The chart: exposure at each month's end (today for the running month) against the limit in force that day.</summary>
    public static IReadOnlyList<CreditSeriesPoint> Series(CreditLine line, IEnumerable<(DateOnly On, long ExposureMinor)> exposure, IReadOnlyList<CreditArrangement> arrangements) =>
        exposure.Select(p => new CreditSeriesPoint(p.On, p.ExposureMinor, EffectiveLimit(line.LimitMinor, line.Currency, arrangements, p.On))).ToList();

    /// <summary>Field errors of a credit line; empty when it may be saved.</summary>
    public static Dictionary<string, string> Validate(CreditLineInput input)
    {
        var errors = new Dictionary<string, string>();
        if (input.LimitMinor < 0) errors["LimitMinor"] = "The limit cannot be negative.";
        else if (input.LimitMinor > Money.MaxMinor) errors["LimitMinor"] = $"The limit is at most {Money.Format(Money.MaxMinor, input.Currency)}.";
        if (!IsCurrencyCode(input.Currency)) errors["Currency"] = "Enter a three-letter ISO currency code, e.g. EUR.";
        if (input.PaymentTermsDays is < 0 or > MaxPaymentTermsDays) errors["PaymentTermsDays"] = $"Payment terms are 0 to {MaxPaymentTermsDays} days.";
        return errors;
    }

    /// <summary>
    /// Field errors of a request against the line's currency and the partnership's open invoices; empty when it may be
    /// filed. <paramref name="openInvoiceIds"/> are the invoices of the partnership with something still to pay.
    /// </summary>
    public static Dictionary<string, string> Validate(NewCreditArrangement input, string lineCurrency, IReadOnlyCollection<long> openInvoiceIds)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(input.Reason)) errors["Reason"] = "Give a reason for the request.";
        else if (input.Reason.Trim().Length > MaxReasonLength) errors["Reason"] = $"Keep the reason under {MaxReasonLength} characters.";
        if (input.StartsOn is null) errors["StartsOn"] = "Enter a start date.";
        if (input.EndsOn is null) errors["EndsOn"] = "Enter an end date.";
        else if (input.StartsOn is { } start && input.EndsOn <= start) errors["EndsOn"] = "The end must be after the start.";
        if (!string.Equals(input.Currency?.Trim(), lineCurrency, StringComparison.OrdinalIgnoreCase))
        {
            errors["Currency"] = $"The credit line is in {lineCurrency}; requests in another currency are refused (no conversion).";
        }
        if (input.Kind == CreditArrangementKind.TemporaryExtension)
        {
            if (input.ExtensionMinor is not > 0) errors["ExtensionMinor"] = "The extra limit must be more than zero.";
            else if (input.ExtensionMinor > Money.MaxMinor) errors["ExtensionMinor"] = $"The extra limit is at most {Money.Format(Money.MaxMinor, lineCurrency)}.";
        }
        else
        {
            var ids = input.InvoiceIds ?? [];
            if (ids.Count == 0) errors["InvoiceIds"] = "Choose at least one open invoice to defer.";
            else if (ids.Any(id => !openInvoiceIds.Contains(id))) errors["InvoiceIds"] = "Only open invoices of this partnership can be deferred.";
            if (input.DeferralDays is null && input.DeferredTo is null) errors["DeferralDays"] = "Say how many days the due dates move, or the new due date.";
            else if (input.DeferralDays is not null && input.DeferredTo is not null) errors["DeferralDays"] = "Give either a number of days or a new due date, not both.";
            else if (input.DeferralDays is <= 0 or > MaxPaymentTermsDays) errors["DeferralDays"] = $"Move due dates by 1 to {MaxPaymentTermsDays} days.";
            else if (input.DeferredTo is { } to && input.StartsOn is { } from && to <= from) errors["DeferredTo"] = "The new due date must be after the start.";
        }
        return errors;
    }

    /// <summary>
    /// What Finance weighs before deciding a request: utilisation on the day it would start (today's exposure against
    /// the limit in force that day) without it and with it approved, and the other live requests and approved
    /// arrangements it overlaps: extensions whose periods meet, deferrals whose periods meet on a shared invoice.
    /// A deferral moves due dates, not the limit, so its utilisation is the same both ways.
    /// </summary>
    public static PendingDecision Assess(CreditLine line, CreditPosition position, IReadOnlyList<CreditArrangement> arrangements, CreditArrangement request, DateOnly today)
    {
        var day = request.StartsOn > today ? request.StartsOn : today;
        var approved = arrangements.Select(a => a.Id == request.Id ? a with { State = CreditArrangementState.Approved } : a).ToList();
        var overlaps = arrangements.Where(a => a.Id != request.Id && a.Kind == request.Kind
                && (a.State == CreditArrangementState.Requested || a.State == CreditArrangementState.Approved && a.EndsOn >= today)
                && a.StartsOn <= request.EndsOn && request.StartsOn <= a.EndsOn
                && (a.Kind == CreditArrangementKind.TemporaryExtension || a.InvoiceIds.Intersect(request.InvoiceIds).Any()))
            .ToList();
        return new PendingDecision(request,
            Utilisation(position.ExposureMinor, EffectiveLimit(line.LimitMinor, line.Currency, arrangements, day)),
            Utilisation(position.ExposureMinor, EffectiveLimit(line.LimitMinor, line.Currency, approved, day)),
            overlaps);
    }

    /// <summary>Null when <paramref name="deciderUserId"/> may decide the arrangement now; otherwise why not (four-eyes, or already decided).</summary>
    public static string? WhyCannotDecide(CreditArrangement arrangement, long? deciderUserId)
    {
        if (arrangement.State != CreditArrangementState.Requested)
        {
            return $"This request is already {arrangement.State.ToString().ToLowerInvariant()}.";
        }
        if (deciderUserId is not null && arrangement.RequestedByUserId == deciderUserId)
        {
            return "Four-eyes rule: someone other than the requester must approve or decline.";
        }
        return null;
    }

    /// <summary>Null when <paramref name="userId"/> may withdraw the arrangement now: only its requester, and only while nobody has decided.</summary>
    public static string? WhyCannotWithdraw(CreditArrangement arrangement, long? userId)
    {
        if (arrangement.State != CreditArrangementState.Requested)
        {
            return $"This request is already {arrangement.State.ToString().ToLowerInvariant()}.";
        }
        return userId is not null && arrangement.RequestedByUserId == userId ? null : "Only the person who asked can withdraw the request.";
    }

    /// <summary>
    /// The alert keys that hold on <paramref name="day"/>: one per utilisation threshold reached, and one per approved
    /// extension ending within <see cref="ExtensionEndingNoticeDays"/> days.
    /// </summary>
    public static IReadOnlyList<string> AlertKeys(CreditPosition position, IReadOnlyList<CreditArrangement> arrangements, DateOnly day)
    {
        var keys = AlertThresholds.Where(t => position.UtilisationPercent >= t).Select(UtilisationKey).ToList();
        keys.AddRange(arrangements
            .Where(a => a.Kind == CreditArrangementKind.TemporaryExtension && a.IsActiveOn(day) && a.EndsOn.DayNumber - day.DayNumber <= ExtensionEndingNoticeDays)
            .Select(a => ExtensionEndingKey(a.Id)));
        return keys;
    }

    public static string UtilisationKey(int threshold) => $"utilisation-{threshold}";

    public static string ExtensionEndingKey(long arrangementId) => $"extension-ending-{arrangementId}";

    public static bool IsCurrencyCode(string? code) => code is { Length: 3 } && code.All(char.IsAsciiLetterUpper);
}
