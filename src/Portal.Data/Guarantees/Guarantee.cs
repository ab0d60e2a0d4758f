namespace Portal.Data.Guarantees;

public enum GuaranteeMetric
{
    OnTimeInFull,
    QualityPpm,
    ContainmentOnTime,
    FeasibilityTurnaroundDays,
}

public enum GuaranteeComparison
{
    AtLeast,
    AtMost,
}

public enum GuaranteePeriod
{
    Month,
    Quarter,
}

public enum PenaltyKind
{
    PercentOfInvoiced,
    FixedAmount,
}

public enum PeriodOutcome
{
    Met,
    Missed,
    NoData,
}

public enum PenaltyCreditState
{
    Issued,
    Voided,
}

/// <summary>A promise to a customer: a metric, a target it must reach each period, and what a miss pays.</summary>
public sealed record Guarantee
{
    public long Id { get; init; }
    public long PartnershipId { get; init; }
    public GuaranteeMetric Metric { get; init; }
    public long TargetMilli { get; init; }
    public GuaranteeComparison Comparison { get; init; }
    public GuaranteePeriod Period { get; init; }
    public PenaltyKind PenaltyKind { get; init; }
    public int PenaltyBasisPoints { get; init; }
    public long PenaltyFixedMinor { get; init; }
    public long CapMinor { get; init; }
    public required string Currency { get; init; }
    public DateOnly EffectiveFrom { get; init; }
    public DateOnly? EffectiveTo { get; init; }
    public bool EarlyCountsAsOnTime { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public decimal Target => TargetMilli / 1000m;
}

/// <summary>What a supplier account lead enters to create or change a guarantee.</summary>
public sealed record GuaranteeInput
{
    public GuaranteeMetric Metric { get; init; }
    public decimal Target { get; init; }

    /// <summary>Null takes the metric's natural direction (<see cref="GuaranteeRules.DefaultComparison"/>).</summary>
    public GuaranteeComparison? Comparison { get; init; }
    public GuaranteePeriod Period { get; init; }
    public PenaltyKind PenaltyKind { get; init; }
    public decimal PenaltyPercent { get; init; }
    public long PenaltyFixedMinor { get; init; }
    public long CapMinor { get; init; }
    public required string Currency { get; init; }
    public DateOnly EffectiveFrom { get; init; }
    public DateOnly? EffectiveTo { get; init; }
    public bool EarlyCountsAsOnTime { get; init; } = true;
}

/// <summary>How one guarantee did in one period.</summary>
public sealed record GuaranteeResult
{
    public long GuaranteeId { get; init; }
    public long PartnershipId { get; init; }
    public DateOnly PeriodStart { get; init; }
    public DateOnly PeriodEnd { get; init; }
    public PeriodOutcome Outcome { get; init; }
    public long? MeasuredMilli { get; init; }
    public long Numerator { get; init; }
    public long Denominator { get; init; }
    public DateTimeOffset EvaluatedAt { get; init; }

    public decimal? Measured => MeasuredMilli / 1000m;
}

/// <summary>What a missed period paid the customer, and the evidence for it.</summary>
public sealed record PenaltyCredit
{
    public long Id { get; init; }
    public long PartnershipId { get; init; }
    public long GuaranteeId { get; init; }
    public GuaranteeMetric Metric { get; init; }
    public DateOnly PeriodStart { get; init; }
    public DateOnly PeriodEnd { get; init; }
    public long AmountMinor { get; init; }
    public required string Currency { get; init; }
    public required string Reason { get; init; }
    public long MeasuredMilli { get; init; }
    public long TargetMilli { get; init; }
    public long InvoicedMinor { get; init; }
    public required string SourceTable { get; init; }
    public required string SourceIdsJson { get; init; }
    public PenaltyCreditState State { get; init; }
    public DateTimeOffset IssuedAt { get; init; }
    public string? VoidReason { get; init; }
    public long? VoidedBy { get; init; }
    public string? VoidedByName { get; init; }
    public DateTimeOffset? VoidedAt { get; init; }

    public decimal Measured => MeasuredMilli / 1000m;
    public decimal Target => TargetMilli / 1000m;
}

/// <summary>A guarantee with its latest period results and their credits, as the guarantees page shows it, and how many periods it has in all.</summary>
public sealed record GuaranteeHistory(Guarantee Guarantee, IReadOnlyList<GuaranteeResult> Results, IReadOnlyList<PenaltyCredit> Credits, long PeriodCount);
