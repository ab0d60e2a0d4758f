using System.ComponentModel.DataAnnotations;
using Portal.Data.Loans;

namespace Portal.Web.Pages.Loans;

/// <summary>The request form. Fee, deposit and terms are only offered to the supplier's account lead; the store ignores them from customers.</summary>
public sealed class LoanForm
{
    [Required(ErrorMessage = "Choose the equipment.")]
    [Display(Name = "Equipment")]
    public long? EquipmentId { get; set; }

    [Required(ErrorMessage = "Say what the equipment is needed for."), StringLength(500, ErrorMessage = "Keep the purpose under 500 characters.")]
    public string Purpose { get; set; } = "";

    [Required(ErrorMessage = "Choose the start date.")]
    [Display(Name = "Start")]
    public DateOnly? StartsOn { get; set; }

    [Required(ErrorMessage = "Choose the end date.")]
    [Display(Name = "End")]
    public DateOnly? EndsOn { get; set; }

    [Display(Name = "Monthly fee")]
    [Range(0, 100_000_000, ErrorMessage = "The monthly fee cannot be negative (0 means free).")]
    public decimal MonthlyFee { get; set; }

    [Range(0, 100_000_000, ErrorMessage = "The deposit cannot be negative.")]
    public decimal Deposit { get; set; }

    public string? Terms { get; set; }

    public NewLoan ToInput() =>
        new(EquipmentId ?? 0, Purpose, StartsOn ?? default, EndsOn ?? default, MoneyInput.ToMinor(MonthlyFee), MoneyInput.ToMinor(Deposit), Terms ?? "");
}

/// <summary>What accompanies a move on the details page.</summary>
public sealed class LoanStepForm
{
    public EquipmentCondition? Condition { get; set; }

    [StringLength(1000, ErrorMessage = "Keep the note under 1000 characters.")]
    public string? Note { get; set; }

    /// <summary>Only read when approving: the account lead confirms or sets the commercial terms.</summary>
    [Range(0, 100_000_000, ErrorMessage = "The monthly fee cannot be negative (0 means free).")]
    public decimal? MonthlyFee { get; set; }

    [Range(0, 100_000_000, ErrorMessage = "The deposit cannot be negative.")]
    public decimal? Deposit { get; set; }

    public string? Terms { get; set; }

    public LoanStep ToStep() => new(Condition, Note ?? "",
        MonthlyFee is { } fee ? new LoanTermsUpdate(MoneyInput.ToMinor(fee), MoneyInput.ToMinor(Deposit ?? 0), Terms ?? "") : null);
}
