using System.ComponentModel.DataAnnotations;
using Portal.Data.Loans;

namespace Portal.Web.Pages.Equipment;

/// <summary>The register item's fields; the store checks them (<see cref="LoanRules.Validate(EquipmentInput)"/>, serial unique).</summary>
public sealed class EquipmentForm
{
    public string? Name { get; set; }

    public string? Model { get; set; }

    public string? Serial { get; set; }

    public MoneyAmount? Value { get; set; }

    public string? Currency { get; set; } = "EUR";

    public string? Location { get; set; }

    public EquipmentCondition Condition { get; set; } = EquipmentCondition.Good;

    public string? Notes { get; set; }

    [Display(Name = "Offered for loan")]
    public bool AvailableForLoan { get; set; } = true;

    public bool Retired { get; set; }

    public EquipmentInput ToInput() =>
        new(Name ?? "", Model ?? "", Serial ?? "", Value?.Minor ?? 0, Currency ?? "", Location ?? "", Condition, Notes ?? "", AvailableForLoan, Retired);

    public static EquipmentForm From(EquipmentItem item) => new()
    {
        Name = item.Name, Model = item.Model, Serial = item.Serial, Value = new MoneyAmount(item.ValueMinor), Currency = item.Currency,
        Location = item.Location, Condition = item.Condition, Notes = item.Notes, AvailableForLoan = item.AvailableForLoan, Retired = item.Retired,
    };
}

public sealed class MaintenanceForm
{
    [Required(ErrorMessage = "Give the date the work was done.")]
    [Display(Name = "Date")]
    public DateOnly? PerformedOn { get; set; }

    [Required(ErrorMessage = "Say what was done.")]
    public string Work { get; set; } = "";

    [Required(ErrorMessage = "Say who did it.")]
    [Display(Name = "Done by")]
    public string PerformedBy { get; set; } = "";

    public NewMaintenance ToInput() => new(PerformedOn ?? default, Work, PerformedBy);
}
