namespace Portal.Data.Loans;

public enum EquipmentCondition
{
    New,
    Good,
    Fair,
    Poor,
    Damaged,
}

/// <summary>An item of the supplier's register. Location and notes are the supplier's own and never reach a customer.</summary>
public sealed record EquipmentItem
{
    public long Id { get; init; }
    public required string Name { get; init; }
    public required string Model { get; init; }
    public required string Serial { get; init; }
    public long ValueMinor { get; init; }
    public required string Currency { get; init; }
    public string Location { get; init; } = "";
    public EquipmentCondition Condition { get; init; }
    public string Notes { get; init; } = "";
    public bool AvailableForLoan { get; init; }
    public bool Retired { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The state of the active loan it is on, if any (any partnership: the register is the supplier's).</summary>
    public LoanState? ActiveLoanState { get; init; }
}

/// <summary>What supplier staff enter to add or edit a register item.</summary>
public sealed record EquipmentInput(
    string Name, string Model, string Serial, long ValueMinor, string Currency, string Location, EquipmentCondition Condition, string Notes,
    bool AvailableForLoan, bool Retired);

public sealed record MaintenanceEntry
{
    public long Id { get; init; }
    public long EquipmentId { get; init; }
    public DateOnly PerformedOn { get; init; }
    public required string Work { get; init; }
    public required string PerformedBy { get; init; }
    public required string RecordedBy { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
}

public sealed record NewMaintenance(DateOnly PerformedOn, string Work, string PerformedBy);

/// <summary>An item a loan may be requested for. Customers see only name and model; the value stays with the supplier until a loan exists.</summary>
public sealed record EquipmentChoice
{
    public long Id { get; init; }
    public required string Name { get; init; }
    public required string Model { get; init; }
    public string? Serial { get; init; }
}
