using Portal.Data.Tenancy;

namespace Portal.Data.Loans;

/// <summary>Whether a move is allowed: <see cref="Forbidden"/> when the move exists but not for this actor.</summary>
public sealed record LoanDecision(string? Error, bool Forbidden)
{
    public bool Allowed => Error is null;
}

/// <summary>
/// The loan lifecycle and its money as pure functions.
/// Requested → Approved → Shipped → InUse → ReturnDue → Returned is the normal path. Side exits:
/// Declined (supplier) from Requested; Cancelled (either side) from Requested or Approved, before anything ships;
/// ConvertedToPurchase (supplier) from InUse or ReturnDue, while the customer has the item;
/// WrittenOff (supplier) from Shipped, InUse or ReturnDue, when the item is lost or beyond repair away from home.
/// </summary>
public static class LoanRules
{
    /// <summary>Share of rent paid that counts towards the purchase price when a partnership has not agreed another.</summary>
    public const int DefaultRentCreditPercent = 50;

    /// <summary>States in which the item is committed to a customer; the database allows one such loan per item.</summary>
    public static readonly IReadOnlyList<LoanState> Active = [LoanState.Approved, LoanState.Shipped, LoanState.InUse, LoanState.ReturnDue];

    public static readonly IReadOnlyList<LoanState> Closed =
        [LoanState.Returned, LoanState.ConvertedToPurchase, LoanState.WrittenOff, LoanState.Declined, LoanState.Cancelled];

    private static readonly LoanActor[] Managers = [LoanActor.SupplierManager];
    private static readonly LoanActor[] EitherSide = [LoanActor.SupplierManager, LoanActor.Customer];

    /// <summary>Every legal move and who may make it; anything not here is refused.</summary>
    public static readonly IReadOnlyDictionary<(LoanState From, LoanState To), IReadOnlyList<LoanActor>> Transitions =
        new Dictionary<(LoanState, LoanState), IReadOnlyList<LoanActor>>
        {
            [(LoanState.Requested, LoanState.Approved)] = Managers,
            [(LoanState.Requested, LoanState.Declined)] = Managers,
            [(LoanState.Requested, LoanState.Cancelled)] = EitherSide,
            [(LoanState.Approved, LoanState.Cancelled)] = EitherSide,
            [(LoanState.Approved, LoanState.Shipped)] = Managers,
            [(LoanState.Shipped, LoanState.InUse)] = [LoanActor.Customer],
            [(LoanState.Shipped, LoanState.WrittenOff)] = Managers,
            // The customer starts the return; the overdue job moves a loan past its end date.
            [(LoanState.InUse, LoanState.ReturnDue)] = [LoanActor.Customer, LoanActor.System],
            [(LoanState.InUse, LoanState.ConvertedToPurchase)] = Managers,
            [(LoanState.InUse, LoanState.WrittenOff)] = Managers,
            [(LoanState.ReturnDue, LoanState.Returned)] = Managers,
            [(LoanState.ReturnDue, LoanState.ConvertedToPurchase)] = Managers,
            [(LoanState.ReturnDue, LoanState.WrittenOff)] = Managers,
        };

    /// <summary>The caller's place in <see cref="Transitions"/>, from the same permissions the other features ask.</summary>
    public static LoanActor ActorOf(CallerScope scope) => scope switch
    {
        { Kind: ActorKind.System } => LoanActor.System,
        { Kind: ActorKind.ErpClient } => LoanActor.ErpClient,
        _ when scope.May(Permission.ManageLoans) => LoanActor.SupplierManager,
        _ when scope.May(Permission.CustomerWork) => LoanActor.Customer,
        _ => LoanActor.SupplierStaff,
    };

    public static LoanDecision Decide(LoanState from, LoanState to, LoanActor actor)
    {
        if (!Transitions.TryGetValue((from, to), out var actors))
        {
            return new($"A loan that is {Label(from)} cannot become {Label(to)}.", false);
        }
        return actors.Contains(actor)
            ? new(null, false)
            : new($"{Label(from)} → {Label(to)} is for {string.Join(" or ", actors.Select(Who))}.", true);
    }

    /// <summary>The moves this actor may make from this state, in the order the page shows them.</summary>
    public static IReadOnlyList<LoanState> NextFor(LoanState from, LoanActor actor) =>
        Transitions.Where(t => t.Key.From == from && t.Value.Contains(actor)).Select(t => t.Key.To).Order().ToList();

    /// <summary>The condition must be seen and recorded when the item leaves and when it comes back.</summary>
    public static bool NeedsCondition(LoanState to) => to is LoanState.Shipped or LoanState.Returned;

    /// <summary>The customer holds the item past the agreed end date.</summary>
    public static bool IsOverdue(LoanState state, DateOnly endsOn, DateOnly today) =>
        state is LoanState.InUse or LoanState.ReturnDue && endsOn < today;

    /// <summary>
    /// Whole calendar months from <paramref name="from"/> to <paramref name="to"/>: month n is complete on the same day of
    /// the month n months later, or on the month's last day when it is shorter (31 Jan → 28 Feb is one month).
    /// </summary>
    public static int FullMonths(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            return 0;
        }
        var months = (to.Year - from.Year) * 12 + to.Month - from.Month;
        return from.AddMonths(months) > to ? months - 1 : months;
    }

    /// <summary>
    /// The purchase price: the item's value less the agreed share of the rent paid so far, never below zero. Rent paid is
    /// the monthly fee for every full month the item has been in use (from the customer's confirmation of receipt);
    /// a started month is not billed, so it is not credited either. The credit rounds down to the minor unit.
    /// </summary>
    public static ConversionOffer Offer(long valueMinor, long monthlyFeeMinor, DateOnly? inUseSince, DateOnly today, int creditPercent, string currency)
    {
        var months = inUseSince is { } since ? FullMonths(since, today) : 0;
        var rentPaid = monthlyFeeMinor * months;
        var credit = rentPaid * Math.Clamp(creditPercent, 0, 100) / 100;
        return new ConversionOffer(valueMinor, monthlyFeeMinor, months, rentPaid, creditPercent, credit, Math.Max(0, valueMinor - credit), currency);
    }

    /// <summary>Field errors of a loan request; empty when acceptable.</summary>
    public static Dictionary<string, string> Validate(NewLoan input, DateOnly today)
    {
        var errors = new Dictionary<string, string>();
        if (input.EquipmentId <= 0) errors["EquipmentId"] = "Choose the equipment.";
        if (string.IsNullOrWhiteSpace(input.Purpose)) errors["Purpose"] = "Say what the equipment is needed for.";
        else if (input.Purpose.Trim().Length > 500) errors["Purpose"] = "Keep the purpose under 500 characters.";
        if (input.StartsOn < today) errors["StartsOn"] = "The loan cannot start in the past.";
        if (input.EndsOn < input.StartsOn) errors["EndsOn"] = "The end date must not be before the start date.";
        else if (input.EndsOn > input.StartsOn.AddYears(3)) errors["EndsOn"] = "Loans run for three years at most.";
        AddTermErrors(errors, input.MonthlyFeeMinor, input.DepositMinor);
        return errors;
    }

    public static void AddTermErrors(Dictionary<string, string> errors, long monthlyFeeMinor, long depositMinor)
    {
        if (monthlyFeeMinor < 0) errors["MonthlyFee"] = "The monthly fee cannot be negative (0 means free).";
        else if (monthlyFeeMinor > Money.MaxMinor) errors["MonthlyFee"] = Money.AtMost;
        if (depositMinor < 0) errors["Deposit"] = "The deposit cannot be negative.";
        else if (depositMinor > Money.MaxMinor) errors["Deposit"] = Money.AtMost;
    }

    /// <summary>Field errors of a register item; empty when acceptable.</summary>
    public static Dictionary<string, string> Validate(EquipmentInput input)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(input.Name)) errors["Name"] = "Name the equipment.";
        else if (input.Name.Trim().Length > 200) errors["Name"] = "Keep the name under 200 characters.";
        if (string.IsNullOrWhiteSpace(input.Model)) errors["Model"] = "Give the model.";
        if (string.IsNullOrWhiteSpace(input.Serial)) errors["Serial"] = "Give the serial number.";
        if (input.ValueMinor < 0) errors["Value"] = "The value cannot be negative.";
        else if (input.ValueMinor > Money.MaxMinor) errors["Value"] = Money.AtMost;
        if (input.Currency is not { Length: 3 } || !input.Currency.All(char.IsAsciiLetter)) errors["Currency"] = "Use a three-letter currency code such as EUR.";
        return errors;
    }

    public static string Label(LoanState state) => state switch
    {
        LoanState.InUse => "In use",
        LoanState.ReturnDue => "Return due",
        LoanState.ConvertedToPurchase => "Converted to purchase",
        LoanState.WrittenOff => "Written off",
        _ => state.ToString(),
    };

    private static string Who(LoanActor actor) => actor switch
    {
        LoanActor.SupplierManager => "the supplier's account lead",
        LoanActor.Customer => "the customer",
        LoanActor.System => "the overdue check",
        _ => "supplier staff",
    };
}
