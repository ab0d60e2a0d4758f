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
    DesignStagesOnTime,
    SupplierActionItemsOnTime,
    CustomerActionItemsOnTime,
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

/// <summary>One stored scorecard: a partnership's month at one revision, with the side scores it came to.</summary>
public sealed record ScorecardSnapshot
{
    public long Id { get; init; }
    public long PartnershipId { get; init; }
    public DateOnly Month { get; init; }
    public int Revision { get; init; }
    public required string FormulaVersion { get; init; }
    public required string Currency { get; init; }
    public long? SupplierScoreMilli { get; init; }
    public HealthState SupplierState { get; init; }
    public long? CustomerScoreMilli { get; init; }
    public HealthState CustomerState { get; init; }
    public DateTimeOffset ComputedAt { get; init; }
    public required string ComputedByName { get; init; }
    public string? Reason { get; init; }

    public decimal? SupplierScore => SupplierScoreMilli / 1000m;
    public decimal? CustomerScore => CustomerScoreMilli / 1000m;

    public SideScore Side(ScorecardSide side) => side == ScorecardSide.Supplier
        ? new SideScore(side, SupplierScore, SupplierState, 0)
        : new SideScore(side, CustomerScore, CustomerState, 0);
}

/// <summary>One metric of a snapshot as stored: its inputs, what it was judged against, its score and the rows behind it.</summary>
public sealed record SnapshotMetric
{
    public long SnapshotId { get; init; }
    public ScorecardMetric Metric { get; init; }
    public ScorecardSide Side { get; init; }
    public long Numerator { get; init; }
    public long Denominator { get; init; }
    public long? ValueMilli { get; init; }
    public long TargetMilli { get; init; }
    public long FloorMilli { get; init; }
    public int Weight { get; init; }
    public long? ScoreMilli { get; init; }
    public HealthState State { get; init; }
    public required string SourceTable { get; init; }
    /// <summary>The ids of the rows in <see cref="SourceTable"/> behind the figure (the late lines, the issues…).</summary>
    public required IReadOnlyList<long> EvidenceIds { get; init; }
    public required string FormulaVersion { get; init; }

    public decimal? Value => ValueMilli / 1000m;
    public decimal Target => TargetMilli / 1000m;
    public decimal Floor => FloorMilli / 1000m;
    public decimal? Score => ScoreMilli / 1000m;
    public MetricDefinition Definition => ScorecardRules.Definition(Metric);
}

/// <summary>A side's drop from one month to the next, open until someone of the account team of either company closes it.</summary>
public sealed record HealthAlert
{
    public long Id { get; init; }
    public long PartnershipId { get; init; }
    public long SnapshotId { get; init; }
    public DateOnly Month { get; init; }
    public ScorecardSide Side { get; init; }
    public HealthState FromState { get; init; }
    public HealthState ToState { get; init; }
    public long FromScoreMilli { get; init; }
    public long ToScoreMilli { get; init; }
    public DateTimeOffset RaisedAt { get; init; }
    public required string State { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public string? ClosedByName { get; init; }
    public string? CloseNote { get; init; }

    public bool IsOpen => State == OpenState;

    public const string OpenState = "Open";
    public const string ClosedState = "Closed";

    public decimal FromScore => FromScoreMilli / 1000m;
    public decimal ToScore => ToScoreMilli / 1000m;
}

/// <summary>What one catch-up of a partnership did.</summary>
public sealed record CatchUpSummary(int MonthsComputed, int AlertsRaised);

/// <summary>A stored month with its metrics (the latest revision unless asked otherwise).</summary>
public sealed record ScorecardMonth(ScorecardSnapshot Snapshot, IReadOnlyList<SnapshotMetric> Metrics)
{
    public SnapshotMetric? Metric(ScorecardMetric metric) => Metrics.FirstOrDefault(m => m.Metric == metric);
}

/// <summary>A month as the health page shows it: the snapshot, the month before for trends, and every revision of the month.</summary>
public sealed record ScorecardView(ScorecardMonth Current, ScorecardMonth? Previous, IReadOnlyList<ScorecardSnapshot> Revisions)
{
    public TrendOf TrendOf(ScorecardMetric metric) => ScorecardRules.TrendBetween(Previous?.Metric(metric)?.Value, Current.Metric(metric)?.Value);

    public TrendOf TrendOf(ScorecardSide side) => ScorecardRules.TrendBetween(Previous?.Snapshot.Side(side).Score, Current.Snapshot.Side(side).Score);
}

/// <summary>A row behind a metric: what it is, its dates and quantities or amount, and the portal record it belongs to when there is one.</summary>
public sealed record EvidenceRow
{
    public long Id { get; init; }
    public required string Reference { get; init; }
    public string Detail { get; init; } = "";
    public DateOnly? DueOn { get; init; }
    public DateOnly? DoneOn { get; init; }
    public long? Quantity { get; init; }
    public long? QuantityDone { get; init; }
    public long? AmountMinor { get; init; }

    /// <summary>The portal record the row belongs to (a change kind's entity and id), when a page shows it.</summary>
    public string? Entity { get; init; }
    public long? EntityId { get; init; }
}
