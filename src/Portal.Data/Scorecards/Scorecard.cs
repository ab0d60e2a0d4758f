namespace Portal.Data.Scorecards;

/// <summary>Whose performance a metric judges: both sides are shown to both companies.</summary>
public enum ScorecardSide
{
    Supplier,
    Customer,
}

/// <summary>What the monthly scorecard measures. Stored by name, so new members go at the end or anywhere, never renamed.</summary>
public enum ScorecardMetric
{
    OnTimeInFull,
    QualityPpm,
    ContainmentOnTime,
    FeasibilityTurnaroundDays,
    OpenQualityIssues,
    OpenIssueAverageAgeDays,
    GuaranteePeriodsMet,
    PenaltyCreditsIssued,
    InvoicesPaidOnTime,
    CreditUtilisation,
    OverdueAmount,
    LoansOverdue,
    VerificationTurnaroundDays,
}

/// <summary>
/// A metric's or a side's judgement. NoData and InsufficientData are not grades: a metric with nothing to measure and a
/// side with too little measured are shown as such, never as red or green.
/// </summary>
public enum HealthState
{
    Green,
    Amber,
    Red,
    NoData,
    InsufficientData,
}

public enum Trend
{
    Up,
    Down,
    Same,

    /// <summary>One of the two months has no value to compare.</summary>
    None,
}

/// <summary>A metric's fixed facts: side, label, unit and which way is good.</summary>
public sealed record MetricDefinition(ScorecardMetric Metric, ScorecardSide Side, string Label, string Unit, bool HigherIsBetter);

/// <summary>What a metric is judged against: the value that scores 100, the value that scores 0, and its weight in its side.</summary>
public sealed record MetricTarget(decimal Target, decimal Floor, int Weight);

/// <summary>A metric judged: its value (null: no data), what it was judged against, its score 0–100 and state.</summary>
public sealed record MetricScore(ScorecardMetric Metric, decimal? Value, MetricTarget Target, decimal? Score, HealthState State);

/// <summary>A side judged: the weighted mean over its metrics with data, or InsufficientData when too little weight held data.</summary>
public sealed record SideScore(ScorecardSide Side, decimal? Score, HealthState State, int WeightWithData);

/// <summary>How a value moved against the previous month.</summary>
public sealed record TrendOf(Trend Direction, decimal? Delta);
