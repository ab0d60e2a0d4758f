using Microsoft.AspNetCore.Mvc;
using Portal.Data.Loans;
using Portal.Data.Tenancy;

namespace Portal.Web.Pages.Loans;

/// <summary>
/// Either side requests a loan. Customers choose from the items offered for loan and free now, by name and model only;
/// the supplier's account lead may choose any item in service and set the fee, deposit and terms straight away.
/// </summary>
public sealed class NewModel(LoanStore loans, EquipmentStore equipment, TimeProvider clock) : PartnershipPageModel
{
    [BindProperty] public LoanForm Input { get; set; } = new();

    public IReadOnlyList<EquipmentChoice> Choices { get; private set; } = [];
    public bool SetsTerms => Scope.May(Permission.ManageLoans);
    public bool MayRequest => Scope.May(Permission.RequestLoan);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Input.StartsOn = today.AddDays(7);
        Input.EndsOn = today.AddDays(7).AddMonths(3);
        Choices = await equipment.ChoicesAsync(Scope, PartnershipId, cancellationToken);
    }

    [Form(nameof(Input))]
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var loan = await loans.RequestAsync(Scope, PartnershipId, Input.ToInput(), cancellationToken);
        return loan is null
            ? NotFound()
            : Done($"Loan of {loan.EquipmentName} requested. {(SetsTerms ? "Approve it when it is agreed." : "The supplier's account lead has been told.")}",
                Redirect($"/p/{PartnershipId}/loans/{loan.Id}"));
    }

    public override async Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken)
    {
        Choices = await equipment.ChoicesAsync(Scope, PartnershipId, cancellationToken);
        return Page();
    }
}
