namespace Portal.Data.Guarantees;

/// <summary>A calendar period and the part of it the guarantee was in force (both inclusive).</summary>
public sealed record PeriodWindow(DateOnly Start, DateOnly End, DateOnly From, DateOnly To);

/// <summary>One receipt against a purchase-order line.</summary>
public sealed record Receipt(DateOnly DeliveredOn, long Quantity);

/// <summary>
/// A metric measured over one period: the value (null when nothing happened to measure), its numerator and
/// denominator, and the rows that count against the promise (the evidence a credit keeps).
/// </summary>
public sealed record Measurement(decimal? Value, long Numerator, long Denominator, string SourceTable, IReadOnlyList<long> SourceIds);

public static class GuaranteeRules
{
    public const int MaxBasisPoints = 10_000;

    /// <summary>How long after a period ends a NoData result is still measured again: ERP systems sync late receipts within weeks, not years.</summary>
    public const int NoDataRetryDays = 90;

    /// <summary>The direction in which each metric is good: percentages up, defects and days down.</summary>
    public static GuaranteeComparison DefaultComparison(GuaranteeMetric metric) => metric switch
    {
        GuaranteeMetric.OnTimeInFull or GuaranteeMetric.ContainmentOnTime => GuaranteeComparison.AtLeast,
        _ => GuaranteeComparison.AtMost,
    };

    /// <summary>The largest target that makes sense for the metric: 100 %, a million ppm, a year of working days.</summary>
    public static decimal MaxTarget(GuaranteeMetric metric) => metric switch
    {
        GuaranteeMetric.OnTimeInFull or GuaranteeMetric.ContainmentOnTime => 100m,
        GuaranteeMetric.QualityPpm => 1_000_000m,
        _ => 260m,
    };

    public static string Unit(GuaranteeMetric metric) => metric switch
    {
        GuaranteeMetric.OnTimeInFull or GuaranteeMetric.ContainmentOnTime => "%",
        GuaranteeMetric.QualityPpm => "ppm",
        _ => "working days",
    };

    public static string Label(GuaranteeMetric metric) => metric switch
    {
        GuaranteeMetric.OnTimeInFull => "On time in full",
        GuaranteeMetric.QualityPpm => "Quality ppm",
        GuaranteeMetric.ContainmentOnTime => "Containment (D3) on time",
        _ => "Feasibility turnaround",
    };

    public static Dictionary<string, string> Validate(GuaranteeInput input)
    {
        var errors = new Dictionary<string, string>();
        if (!Enum.IsDefined(input.Metric)) errors[nameof(input.Metric)] = "Choose a metric.";
        else if (input.Target < 0 || input.Target > MaxTarget(input.Metric))
        {
            errors[nameof(input.Target)] = $"The target must be between 0 and {MaxTarget(input.Metric):0.###} {Unit(input.Metric)}.";
        }
        else if (decimal.Round(input.Target, 3) != input.Target)
        {
            errors[nameof(input.Target)] = "Give the target with at most three decimals.";
        }
        if (input.Comparison is { } comparison && !Enum.IsDefined(comparison)) errors[nameof(input.Comparison)] = "Choose at least or at most.";
        if (!Enum.IsDefined(input.Period)) errors[nameof(input.Period)] = "Choose a month or a quarter.";
        switch (input.PenaltyKind)
        {
            case PenaltyKind.PercentOfInvoiced when input.PenaltyPercent is <= 0 or > 100 || decimal.Round(input.PenaltyPercent, 2) != input.PenaltyPercent:
                errors[nameof(input.PenaltyPercent)] = "The penalty is a percentage above 0 and at most 100, with at most two decimals.";
                break;
            case PenaltyKind.FixedAmount when input.PenaltyFixedMinor <= 0:
                errors[nameof(input.PenaltyFixedMinor)] = "A fixed penalty must be more than zero.";
                break;
            case PenaltyKind.FixedAmount when input.PenaltyFixedMinor > Money.MaxMinor:
                errors[nameof(input.PenaltyFixedMinor)] = Money.AtMost;
                break;
            case PenaltyKind.PercentOfInvoiced or PenaltyKind.FixedAmount:
                break;
            default:
                errors[nameof(input.PenaltyKind)] = "Choose a percentage of the invoiced value or a fixed amount.";
                break;
        }
        if (input.CapMinor <= 0) errors[nameof(input.CapMinor)] = "The cap per period must be more than zero.";
        else if (input.CapMinor > Money.MaxMinor) errors[nameof(input.CapMinor)] = Money.AtMost;
        if (string.IsNullOrWhiteSpace(input.Currency) || input.Currency.Trim().Length != 3 || !input.Currency.Trim().All(char.IsAsciiLetter))
        {
            errors[nameof(input.Currency)] = "Give a three-letter currency code.";
        }
        if (input.EffectiveFrom.Year < 2000) errors[nameof(input.EffectiveFrom)] = "Give the date the guarantee starts.";
        if (input.EffectiveTo is { } to && to <= input.EffectiveFrom) errors[nameof(input.EffectiveTo)] = "The end must be after the start.";
        return errors;
    }

    public static int BasisPoints(decimal percent) => (int)decimal.Round(percent * 100m);

    public static long ToMilli(decimal value) => (long)decimal.Round(value * 1000m, MidpointRounding.AwayFromZero);

    public static DateOnly PeriodStartOf(DateOnly date, GuaranteePeriod period) => period == GuaranteePeriod.Month
        ? new DateOnly(date.Year, date.Month, 1)
        : new DateOnly(date.Year, (date.Month - 1) / 3 * 3 + 1, 1);

    public static DateOnly PeriodEndOf(DateOnly start, GuaranteePeriod period) =>
        start.AddMonths(period == GuaranteePeriod.Month ? 1 : 3).AddDays(-1);

    /// <summary>
    /// The calendar periods that overlap the effective range and have ended before <paramref name="today"/>, oldest
    /// first. A period that the guarantee covers only in part is measured over that part only: a promise is not
    /// judged on days before it was made or after it ended.
    /// </summary>
    public static IReadOnlyList<PeriodWindow> ClosedPeriods(GuaranteePeriod period, DateOnly effectiveFrom, DateOnly? effectiveTo, DateOnly today)
    {
        var periods = new List<PeriodWindow>();
        for (var start = PeriodStartOf(effectiveFrom, period); ; start = start.AddMonths(period == GuaranteePeriod.Month ? 1 : 3))
        {
            var end = PeriodEndOf(start, period);
            if (end >= today || (effectiveTo is { } last && start > last))
            {
                return periods;
            }
            var from = start < effectiveFrom ? effectiveFrom : start;
            var to = effectiveTo is { } stop && stop < end ? stop : end;
            periods.Add(new PeriodWindow(start, end, from, to));
        }
    }

    /// <summary>
    /// Whether a run measures a closed period: one never judged, or one with no data that ended recently enough for late
    /// ERP data to arrive. Met and Missed are final, so a credit's basis never shifts under it.
    /// </summary>
    public static bool ShouldMeasure(PeriodOutcome? recorded, PeriodWindow period, DateOnly today) => recorded switch
    {
        null => true,
        PeriodOutcome.NoData => period.End >= today.AddDays(-NoDataRetryDays),
        _ => false,
    };

    /// <summary>Met or missed against the target; a period with nothing to measure is NoData, never met and never missed.</summary>
    public static PeriodOutcome Outcome(decimal? measured, decimal target, GuaranteeComparison comparison) => measured switch
    {
        null => PeriodOutcome.NoData,
        { } value when comparison == GuaranteeComparison.AtLeast => value >= target ? PeriodOutcome.Met : PeriodOutcome.Missed,
        { } value => value <= target ? PeriodOutcome.Met : PeriodOutcome.Missed,
    };

    /// <summary>
    /// What a missed period pays: a share of the period's invoiced value (rounded down to the minor unit) or a fixed
    /// amount, never below zero and never above the cap.
    /// </summary>
    public static long Penalty(PenaltyKind kind, int basisPoints, long fixedMinor, long capMinor, long invoicedMinor)
    {
        var cap = Math.Max(0, capMinor);
        var raw = kind == PenaltyKind.PercentOfInvoiced
            ? (long)((Int128)Math.Max(0, invoicedMinor) * Math.Clamp(basisPoints, 0, MaxBasisPoints) / MaxBasisPoints)
            : Math.Max(0, fixedMinor);
        return Math.Min(raw, cap);
    }

    /// <summary>
    /// A line is on time in full when what arrived by its due date covers the ordered quantity. When early does not
    /// count as on time, a receipt before the due date does not count towards it either.
    /// </summary>
    public static bool IsOnTimeInFull(DateOnly dueOn, long ordered, IEnumerable<Receipt> receipts, bool earlyCountsAsOnTime) =>
        receipts.Where(r => r.DeliveredOn <= dueOn && (earlyCountsAsOnTime || r.DeliveredOn == dueOn)).Sum(r => r.Quantity) >= ordered;

    /// <summary>A share as a percentage with one decimal, or null when there was nothing to count.</summary>
    public static decimal? Percent(long numerator, long denominator) =>
        denominator == 0 ? null : decimal.Round(numerator * 100m / denominator, 1, MidpointRounding.AwayFromZero);

    public static decimal? Average(long total, long count) =>
        count == 0 ? null : decimal.Round((decimal)total / count, 1, MidpointRounding.AwayFromZero);

    public static string Reason(GuaranteeMetric metric, decimal measured, decimal target, GuaranteeComparison comparison, PeriodWindow period) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{Label(metric)} {period.Start:yyyy-MM-dd} to {period.End:yyyy-MM-dd}: {measured:#,0.###} {Unit(metric)} against a target of " +
            $"{(comparison == GuaranteeComparison.AtLeast ? "at least" : "at most")} {target:#,0.###} {Unit(metric)}.");
}
