using Portal.Data.Partnerships;

namespace Portal.Data.Loans;

/// <summary>A loan's lifecycle; see <see cref="LoanRules"/> for the moves between states and who may make them.</summary>
public enum LoanState
{
    Requested,
    Approved,
    Shipped,
    InUse,
    ReturnDue,
    Returned,
    ConvertedToPurchase,
    WrittenOff,
    Declined,
    Cancelled,
}

/// <summary>Who acts on a loan, as far as the lifecycle cares.</summary>
public enum LoanActor
{
    /// <summary>Supplier admins and account leads: they approve, ship, convert and write off.</summary>
    SupplierManager,

    /// <summary>Other supplier staff (engineers, quality, finance) read loans but do not move them.</summary>
    SupplierStaff,

    Customer,

    /// <summary>The overdue job.</summary>
    System,

    /// <summary>ERP clients: a loan is moved by people, and the contract has no loan writes.</summary>
    ErpClient,
}

/// <summary>A loan as both sides see it: the equipment's name, model, serial and value, never the register's notes or location.</summary>
public sealed record Loan
{
    public long Id { get; init; }
    public long PartnershipId { get; init; }
    public long EquipmentId { get; init; }
    public required string EquipmentName { get; init; }
    public required string EquipmentModel { get; init; }
    public required string EquipmentSerial { get; init; }
    public long EquipmentValueMinor { get; init; }
    public required string Purpose { get; init; }
    public DateOnly StartsOn { get; init; }
    public DateOnly EndsOn { get; init; }
    public long MonthlyFeeMinor { get; init; }
    public long DepositMinor { get; init; }
    public required string Currency { get; init; }
    public string Terms { get; init; } = "";
    public LoanState State { get; init; }
    public required string RequestedByName { get; init; }
    public bool RequestedByCustomer { get; init; }
    public DateTimeOffset RequestedAt { get; init; }
    public DateOnly? InUseSince { get; init; }
    public EquipmentCondition? ConditionAtShipping { get; init; }
    public EquipmentCondition? ConditionAtReturn { get; init; }
    public int? RentCreditPercent { get; init; }
    public long? ConversionPriceMinor { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public long? Number { get; init; }
    public string PartnershipCode { get; init; } = "";

    /// <summary>How people name the loan: "NOR-L-12".</summary>
    public string Reference => RecordNumbers.Format(PartnershipCode, RecordKind.Loan, Number, Id);

    public bool IsOverdueOn(DateOnly today) => LoanRules.IsOverdue(State, EndsOn, today);
}

/// <summary>One step of a loan's life: who moved it, when, from where to where, and the condition seen then.</summary>
public sealed record LoanEvent
{
    public long Id { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public required string ActorName { get; init; }
    public bool ActorCustomer { get; init; }
    public LoanState? FromState { get; init; }
    public LoanState ToState { get; init; }
    public EquipmentCondition? Condition { get; init; }
    public string Note { get; init; } = "";
}

/// <summary>
/// A request for a loan. Customers name the equipment, purpose and dates; the supplier's account lead may also set
/// the fee, deposit and terms (or set them on approval).
/// </summary>
public sealed record NewLoan(long EquipmentId, string Purpose, DateOnly StartsOn, DateOnly EndsOn, long MonthlyFeeMinor = 0, long DepositMinor = 0, string Terms = "");

/// <summary>What accompanies a move: the condition (required when shipping and on return), a note, and terms when approving.</summary>
public sealed record LoanStep(EquipmentCondition? Condition = null, string Note = "", LoanTermsUpdate? Terms = null);

public sealed record LoanTermsUpdate(long MonthlyFeeMinor, long DepositMinor, string Terms);

/// <summary>The price offered to turn a loan into a purchase, with the figures it comes from.</summary>
public sealed record ConversionOffer(long ValueMinor, long MonthlyFeeMinor, int FullMonthsInUse, long RentPaidMinor, int CreditPercent, long CreditMinor, long PriceMinor, string Currency);

/// <summary>The columns the closed loans sort by.</summary>
public enum LoanSort
{
    Closed,
    Number,
    Equipment,
    Starts,
}

/// <summary>What narrows and orders the loans; <see cref="Search"/> looks in the number, equipment name, serial and purpose.</summary>
public sealed record LoanListFilter(string? Search = null, LoanSort Sort = LoanSort.Closed, bool Descending = false);
