namespace Portal.Data.Credit;

public enum CreditArrangementKind
{
    TemporaryExtension,
    HardshipDeferral,
}

public enum CreditArrangementState
{
    Requested,
    Approved,
    Declined,
    Withdrawn,
}

/// <summary>A partnership's credit line: the limit in one currency, the agreed payment terms and whether open orders count.</summary>
public sealed record CreditLine
{
    public long Id { get; init; }
    public long PartnershipId { get; init; }
    public long LimitMinor { get; init; }
    public required string Currency { get; init; }
    public int PaymentTermsDays { get; init; }
    public bool CountOpenOrders { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public required string UpdatedByName { get; init; }
}

/// <summary>What supplier Finance enters to set or change a credit line.</summary>
public sealed record CreditLineInput(long LimitMinor, string Currency, int PaymentTermsDays, bool CountOpenOrders);

/// <summary>A temporary extension of the limit or a hardship deferral of some invoices' due dates, for a while.</summary>
public sealed record CreditArrangement
{
    public long Id { get; init; }
    public long PartnershipId { get; init; }
    public CreditArrangementKind Kind { get; init; }
    public long? ExtensionMinor { get; init; }
    public int? DeferralDays { get; init; }
    public DateOnly? DeferredTo { get; init; }
    public required string Currency { get; init; }
    public required string Reason { get; init; }
    public DateOnly StartsOn { get; init; }
    public DateOnly EndsOn { get; init; }
    public CreditArrangementState State { get; init; }
    public long? RequestedByUserId { get; init; }
    public required string RequestedByName { get; init; }
    public bool RequestedByCustomer { get; init; }
    public DateTimeOffset RequestedAt { get; init; }
    public long? DecidedByUserId { get; init; }
    public string? DecidedByName { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public string? DecisionNote { get; init; }

    /// <summary>The invoices a deferral moves (empty for an extension).</summary>
    public IReadOnlyList<long> InvoiceIds { get; init; } = [];

    /// <summary>Approved and running on <paramref name="day"/>: both ends count.</summary>
    public bool IsActiveOn(DateOnly day) => State == CreditArrangementState.Approved && StartsOn <= day && day <= EndsOn;
}

/// <summary>A request as either side enters it; the amount is in the credit line's currency.</summary>
public sealed record NewCreditArrangement(
    CreditArrangementKind Kind,
    string Reason,
    DateOnly? StartsOn,
    DateOnly? EndsOn,
    string Currency,
    long? ExtensionMinor = null,
    int? DeferralDays = null,
    DateOnly? DeferredTo = null,
    IReadOnlyList<long>? InvoiceIds = null);

public enum AgingBucket
{
    Current,
    Days1To30,
    Days31To60,
    Days61To90,
    Over90,
}

/// <summary>An invoice still (partly) open on the day asked about, with the due date that applies that day.</summary>
public sealed record OpenInvoice(long Id, string Number, DateOnly IssuedOn, DateOnly DueOn, DateOnly EffectiveDueOn, long AmountMinor, long OutstandingMinor, int DaysPastDue, AgingBucket Bucket)
{
    public bool Deferred => EffectiveDueOn != DueOn;
}

/// <summary>Where a partnership's credit stands on one day. Amounts are minor units of <see cref="Currency"/>.</summary>
public sealed record CreditPosition
{
    public required string Currency { get; init; }
    public DateOnly AsOf { get; init; }
    public long LimitMinor { get; init; }
    public long EffectiveLimitMinor { get; init; }
    public long InvoiceExposureMinor { get; init; }
    public long OpenOrderExposureMinor { get; init; }
    public long ExposureMinor => InvoiceExposureMinor + OpenOrderExposureMinor;
    public long AvailableMinor => EffectiveLimitMinor - ExposureMinor;
    public long OverdueMinor { get; init; }

    /// <summary>Exposure as a percentage of the effective limit, one decimal; null when the limit is zero.</summary>
    public decimal? UtilisationPercent { get; init; }
    public IReadOnlyDictionary<AgingBucket, long> Aging { get; init; } = new Dictionary<AgingBucket, long>();
    public long OpenInvoiceCount { get; init; }

    /// <summary>Records left out because their currency is not the line's: shown, never converted.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>One point of the chart: exposure and effective limit at a month's end (or today for the running month).</summary>
public sealed record CreditSeriesPoint(DateOnly On, long ExposureMinor, long EffectiveLimitMinor);

/// <summary>A request waiting for Finance, with utilisation without and with it (on the day it starts) and what it overlaps.</summary>
public sealed record PendingDecision(CreditArrangement Request, decimal? UtilisationBefore, decimal? UtilisationAfter, IReadOnlyList<CreditArrangement> Overlaps);

/// <summary>The credit page's whole picture.</summary>
public sealed record CreditOverview(CreditLine Line, CreditPosition Position, IReadOnlyList<CreditSeriesPoint> Series, IReadOnlyList<CreditArrangement> Arrangements);

/// <summary>Where the credit stands today, with every arrangement, those in force, and the ERP's ids of the invoices they defer.</summary>
public sealed record CreditStanding(CreditLine Line, CreditPosition Position, IReadOnlyList<CreditArrangement> Arrangements, IReadOnlyList<CreditArrangement> Active,
    IReadOnlyDictionary<long, string> InvoiceExternalIds);
