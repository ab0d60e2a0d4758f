using System.ComponentModel.DataAnnotations;
using Portal.Data.Loans;

namespace Portal.Web.Pages.Equipment;

/// <summary>The register item's fields; the store checks the rest (serial unique, currency code).</summary>
public sealed class EquipmentForm
{
    [Required(ErrorMessage = "Name the equipment."), StringLength(200, ErrorMessage = "Keep the name under 200 characters.")]
    public string Name { get; set; } = "";

    [Required(ErrorMessage = "Give the model.")]
    public string Model { get; set; } = "";

    [Required(ErrorMessage = "Give the serial number.")]
    public string Serial { get; set; } = "";

    [Range(0, 1_000_000_000, ErrorMessage = "The value cannot be negative.")]
    public decimal Value { get; set; }

    [Required(ErrorMessage = "Use a three-letter currency code such as EUR.")]
    public string Currency { get; set; } = "EUR";

    public string? Location { get; set; }

    public EquipmentCondition Condition { get; set; } = EquipmentCondition.Good;

    public string? Notes { get; set; }

    [Display(Name = "Offered for loan")]
    public bool AvailableForLoan { get; set; } = true;

    public bool Retired { get; set; }

    public EquipmentInput ToInput() =>
        new(Name, Model, Serial, MoneyInput.ToMinor(Value), Currency, Location ?? "", Condition, Notes ?? "", AvailableForLoan, Retired);

    public static EquipmentForm From(EquipmentItem item) => new()
    {
        Name = item.Name, Model = item.Model, Serial = item.Serial, Value = MoneyInput.FromMinor(item.ValueMinor), Currency = item.Currency,
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
