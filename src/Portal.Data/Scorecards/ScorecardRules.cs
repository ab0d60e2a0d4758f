using System.Globalization;

namespace Portal.Data.Scorecards;

/// <summary>
/// The scorecard's arithmetic, pure so that the same inputs always give the same scores. Change anything that moves a
/// score and <see cref="FormulaVersion"/> changes with it: a snapshot keeps the version it was computed with.
/// </summary>
public static class ScorecardRules
{
    public const string FormulaVersion = "2026.12-2";

    public const int GreenFrom = 80;
    public const int AmberFrom = 50;

    /// <summary>A side needs this share of its weight (in percent) to hold data before it is graded at all.</summary>
    public const int MinimumWeightWithData = 50;

    /// <summary>A side's score falling by more than this many points between months raises a health alert.</summary>
    public const int DefaultAlertDropPoints = 15;

    /// <summary>The formula in words, as the health page shows it under the scorecard.</summary>
    public const string FormulaInWords =
        "Each metric scores 100 at or beyond its target and 0 at or beyond its floor, linearly in between (for metrics where lower is better, " +
        "the target is below the floor). A metric scores green from 80, amber from 50, red below 50. A side's score is the weighted mean of " +
        "its metrics that have data in the month; a metric without data is shown as \"no data\" and left out, never counted as 0 or 100. " +
        "When the metrics with data hold less than half of the side's weight, the side is \"insufficient data\". Trends compare with the " +
        "previous month.";

    public static readonly IReadOnlyList<MetricDefinition> Definitions =
    [
        new(ScorecardMetric.OnTimeInFull, ScorecardSide.Supplier, "On time in full", "%", HigherIsBetter: true),
        new(ScorecardMetric.QualityPpm, ScorecardSide.Supplier, "Quality ppm", "ppm", HigherIsBetter: false),
        new(ScorecardMetric.ContainmentOnTime, ScorecardSide.Supplier, "Containment (D3) on time", "%", HigherIsBetter: true),
        new(ScorecardMetric.FeasibilityTurnaroundDays, ScorecardSide.Supplier, "Feasibility turnaround", "working days", HigherIsBetter: false),
        new(ScorecardMetric.OpenQualityIssues, ScorecardSide.Supplier, "Open quality issues at month end", "issues", HigherIsBetter: false),
        new(ScorecardMetric.OpenIssueAverageAgeDays, ScorecardSide.Supplier, "Average age of open issues", "days", HigherIsBetter: false),
        new(ScorecardMetric.GuaranteePeriodsMet, ScorecardSide.Supplier, "Guarantee periods met", "%", HigherIsBetter: true),
        new(ScorecardMetric.PenaltyCreditsIssued, ScorecardSide.Supplier, "Penalty credits issued", "amount", HigherIsBetter: false),
        new(ScorecardMetric.DesignStagesOnTime, ScorecardSide.Supplier, "Design stages finished within target", "%", HigherIsBetter: true),
        new(ScorecardMetric.SupplierActionItemsOnTime, ScorecardSide.Supplier, "Supplier action items done on time", "%", HigherIsBetter: true),
        new(ScorecardMetric.InvoicesPaidOnTime, ScorecardSide.Customer, "Invoices paid on time", "%", HigherIsBetter: true),
        new(ScorecardMetric.CreditUtilisation, ScorecardSide.Customer, "Credit utilisation at month end", "%", HigherIsBetter: false),
        new(ScorecardMetric.OverdueAmount, ScorecardSide.Customer, "Overdue at month end", "amount", HigherIsBetter: false),
        new(ScorecardMetric.LoansOverdue, ScorecardSide.Customer, "Equipment loans overdue", "loans", HigherIsBetter: false),
        new(ScorecardMetric.VerificationTurnaroundDays, ScorecardSide.Customer, "8D verification (D6) turnaround", "days", HigherIsBetter: false),
        new(ScorecardMetric.CustomerActionItemsOnTime, ScorecardSide.Customer, "Customer action items done on time", "%", HigherIsBetter: true),
    ];

    /// <summary>The targets a partnership has until its admins or account leads override them. Weights sum to 100 per side.</summary>
    public static readonly IReadOnlyDictionary<ScorecardMetric, MetricTarget> DefaultTargets = new Dictionary<ScorecardMetric, MetricTarget>
    {
        [ScorecardMetric.OnTimeInFull] = new(95, 80, 25),
        [ScorecardMetric.QualityPpm] = new(500, 5_000, 20),
        [ScorecardMetric.ContainmentOnTime] = new(95, 70, 10),
        [ScorecardMetric.FeasibilityTurnaroundDays] = new(5, 15, 5),
        [ScorecardMetric.OpenQualityIssues] = new(0, 10, 5),
        [ScorecardMetric.OpenIssueAverageAgeDays] = new(10, 60, 5),
        [ScorecardMetric.GuaranteePeriodsMet] = new(100, 50, 10),
        [ScorecardMetric.PenaltyCreditsIssued] = new(0, 5_000, 5),
        [ScorecardMetric.DesignStagesOnTime] = new(90, 60, 10),
        [ScorecardMetric.SupplierActionItemsOnTime] = new(90, 50, 5),
        [ScorecardMetric.InvoicesPaidOnTime] = new(95, 70, 30),
        [ScorecardMetric.CreditUtilisation] = new(80, 110, 20),
        [ScorecardMetric.OverdueAmount] = new(0, 50_000, 15),
        [ScorecardMetric.LoansOverdue] = new(0, 3, 10),
        [ScorecardMetric.VerificationTurnaroundDays] = new(5, 20, 15),
        [ScorecardMetric.CustomerActionItemsOnTime] = new(90, 50, 10),
    };

    private static readonly Dictionary<ScorecardMetric, MetricDefinition> ByMetric = Definitions.ToDictionary(d => d.Metric);

    public static MetricDefinition Definition(ScorecardMetric metric) => ByMetric[metric];

    public static IEnumerable<MetricDefinition> Of(ScorecardSide side) => Definitions.Where(d => d.Side == side);

    /// <summary>The defaults with a partnership's overrides laid over them.</summary>
    public static IReadOnlyDictionary<ScorecardMetric, MetricTarget> Effective(IReadOnlyDictionary<ScorecardMetric, MetricTarget> overrides) =>
        DefaultTargets.ToDictionary(d => d.Key, d => overrides.TryGetValue(d.Key, out var o) ? o : d.Value);

    /// <summary>
    /// 100 at or beyond the target, 0 at or beyond the floor, linear between, one decimal. The direction comes from the
    /// metric's definition; the target and floor are validated to lie that way round.
    /// </summary>
    public static decimal Score(decimal value, MetricTarget target)
    {
        if (target.Target == target.Floor)
        {
            return value == target.Target ? 100m : 0m;
        }
        var raw = (value - target.Floor) / (target.Target - target.Floor) * 100m;
        return decimal.Round(Math.Clamp(raw, 0m, 100m), 1, MidpointRounding.AwayFromZero);
    }

    public static HealthState StateOf(decimal score) => score >= GreenFrom ? HealthState.Green : score >= AmberFrom ? HealthState.Amber : HealthState.Red;

    public static MetricScore ScoreMetric(ScorecardMetric metric, decimal? value, MetricTarget target) => value is { } v
        ? new MetricScore(metric, v, target, Score(v, target), StateOf(Score(v, target)))
        : new MetricScore(metric, null, target, null, HealthState.NoData);

    /// <summary>
    /// The weighted mean of the side's metrics that have data. Metrics without data are left out of both the sum and the
    /// weights; when those with data hold less than <see cref="MinimumWeightWithData"/> % of the side's weight the side
    /// is not graded.
    /// </summary>
    public static SideScore ScoreSide(ScorecardSide side, IEnumerable<MetricScore> metrics)
    {
        var ofSide = metrics.Where(m => Definition(m.Metric).Side == side).ToList();
        var total = ofSide.Sum(m => m.Target.Weight);
        var measured = ofSide.Where(m => m.Score is not null && m.Target.Weight > 0).ToList();
        var weight = measured.Sum(m => m.Target.Weight);
        if (weight == 0 || weight * 100 < total * MinimumWeightWithData)
        {
            return new SideScore(side, null, HealthState.InsufficientData, weight);
        }
        var score = decimal.Round(measured.Sum(m => m.Score!.Value * m.Target.Weight) / weight, 1, MidpointRounding.AwayFromZero);
        return new SideScore(side, score, StateOf(score), weight);
    }

    /// <summary>Every metric and both sides for one month's values, against the effective targets.</summary>
    public static (IReadOnlyList<MetricScore> Metrics, SideScore Supplier, SideScore Customer) ScoreMonth(
        IReadOnlyDictionary<ScorecardMetric, decimal?> values, IReadOnlyDictionary<ScorecardMetric, MetricTarget> targets)
    {
        var metrics = Definitions.Select(d => ScoreMetric(d.Metric, values.GetValueOrDefault(d.Metric), targets[d.Metric])).ToList();
        return (metrics, ScoreSide(ScorecardSide.Supplier, metrics), ScoreSide(ScorecardSide.Customer, metrics));
    }

    /// <summary>Up, down or the same against the previous month, with the difference; None when either month has no value.</summary>
    public static TrendOf TrendBetween(decimal? previous, decimal? current) => (previous, current) switch
    {
        ({ } p, { } c) when c > p => new TrendOf(Trend.Up, c - p),
        ({ } p, { } c) when c < p => new TrendOf(Trend.Down, c - p),
        ({ }, { }) => new TrendOf(Trend.Same, 0m),
        _ => new TrendOf(Trend.None, null),
    };

    /// <summary>Whether a trend in a metric's value is an improvement, taking its direction into account.</summary>
    public static bool? Improved(ScorecardMetric metric, TrendOf trend) => trend.Direction switch
    {
        Trend.Up => Definition(metric).HigherIsBetter,
        Trend.Down => !Definition(metric).HigherIsBetter,
        _ => null,
    };

    /// <summary>
    /// A side got worse enough to alert: its grade fell (green to amber or red, amber to red), or its score fell by more
    /// than <paramref name="dropPoints"/>. Ungraded months (no data, insufficient data) never alert.
    /// </summary>
    public static bool IsDrop(SideScore previous, SideScore current, int dropPoints) =>
        previous.Score is { } before && current.Score is { } after
        && (Rank(current.State) < Rank(previous.State) || before - after > dropPoints);

    private static int Rank(HealthState state) => state switch
    {
        HealthState.Green => 2,
        HealthState.Amber => 1,
        _ => 0,
    };

    /// <summary>Overrides as entered on the targets page: every metric's target and floor the right way round, weights summing to 100 per side.</summary>
    public static Dictionary<string, string> Validate(IReadOnlyDictionary<ScorecardMetric, MetricTarget> targets)
    {
        var errors = new Dictionary<string, string>();
        foreach (var definition in Definitions)
        {
            if (!targets.TryGetValue(definition.Metric, out var t))
            {
                errors[definition.Metric.ToString()] = $"Give a target for {definition.Label}.";
                continue;
            }
            if (t.Target < 0 || t.Floor < 0 || t.Weight < 0 || t.Target > 1_000_000_000m || t.Floor > 1_000_000_000m || t.Weight > 100)
            {
                errors[definition.Metric.ToString()] = "Targets and floors are 0 or more, weights between 0 and 100.";
            }
            else if (decimal.Round(t.Target, 3) != t.Target || decimal.Round(t.Floor, 3) != t.Floor)
            {
                errors[definition.Metric.ToString()] = "Give targets and floors with at most three decimals.";
            }
            else if (definition.HigherIsBetter ? t.Target <= t.Floor : t.Target >= t.Floor)
            {
                errors[definition.Metric.ToString()] = definition.HigherIsBetter
                    ? $"{definition.Label}: higher is better, so the target must be above the floor."
                    : $"{definition.Label}: lower is better, so the target must be below the floor.";
            }
        }
        foreach (var side in Enum.GetValues<ScorecardSide>())
        {
            var sum = Of(side).Sum(d => targets.TryGetValue(d.Metric, out var t) ? t.Weight : 0);
            if (sum != 100)
            {
                errors[$"{side}Weights"] = string.Create(CultureInfo.InvariantCulture, $"The {side.ToString().ToLowerInvariant()} side's weights must sum to 100 (they sum to {sum}).");
            }
        }
        return errors;
    }

    /// <summary>The first day of each closed month from the partnership's start (at most <paramref name="maxMonths"/> back), oldest first.</summary>
    public static IReadOnlyList<DateOnly> ClosedMonths(DateOnly started, DateOnly today, int maxMonths)
    {
        var current = new DateOnly(today.Year, today.Month, 1);
        var first = new DateOnly(started.Year, started.Month, 1);
        var earliest = current.AddMonths(-maxMonths);
        if (first < earliest)
        {
            first = earliest;
        }
        var months = new List<DateOnly>();
        for (var m = first; m < current; m = m.AddMonths(1))
        {
            months.Add(m);
        }
        return months;
    }

    public static long ToMilli(decimal value) => (long)decimal.Round(value * 1000m, MidpointRounding.AwayFromZero);

    public static decimal FromMilli(long milli) => milli / 1000m;
}
