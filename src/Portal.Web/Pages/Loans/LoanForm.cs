using System.ComponentModel.DataAnnotations;
using Portal.Data.Loans;

namespace Portal.Web.Pages.Loans;

/// <summary>The request form. Fee, deposit and terms are only offered to the supplier's account lead; the store ignores them from customers.</summary>
public sealed class LoanForm
{
    [Display(Name = "Equipment")]
    public long? EquipmentId { get; set; }

    public string? Purpose { get; set; }

    [Required(ErrorMessage = "Choose the start date.")]
    [Display(Name = "Start")]
    public DateOnly? StartsOn { get; set; }

    [Required(ErrorMessage = "Choose the end date.")]
    [Display(Name = "End")]
    public DateOnly? EndsOn { get; set; }

    [Display(Name = "Monthly fee")]
    public MoneyAmount? MonthlyFee { get; set; }

    public MoneyAmount? Deposit { get; set; }

    public string? Terms { get; set; }

    public NewLoan ToInput() =>
        new(EquipmentId ?? 0, Purpose ?? "", StartsOn ?? default, EndsOn ?? default, MonthlyFee?.Minor ?? 0, Deposit?.Minor ?? 0, Terms ?? "");
}

/// <summary>What accompanies a move on the details page.</summary>
public sealed class LoanStepForm
{
    public EquipmentCondition? Condition { get; set; }

    [StringLength(1000, ErrorMessage = "Keep the note under 1000 characters.")]
    public string? Note { get; set; }

    /// <summary>Only read when approving: the account lead confirms or sets the commercial terms.</summary>
    public MoneyAmount? MonthlyFee { get; set; }

    public MoneyAmount? Deposit { get; set; }

    public string? Terms { get; set; }

    public LoanStep ToStep() => new(Condition, Note ?? "",
        MonthlyFee is { } fee ? new LoanTermsUpdate(fee.Minor, Deposit?.Minor ?? 0, Terms ?? "") : null);
}
