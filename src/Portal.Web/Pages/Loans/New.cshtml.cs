using Microsoft.AspNetCore.Mvc;
using Portal.Data.Database;
using Portal.Data.Loans;

namespace Portal.Web.Pages.Loans;

/// <summary>
/// Either side requests a loan. Customers choose from the items offered for loan and free now, by name and model only;
/// the supplier's account lead may choose any item in service and set the fee, deposit and terms straight away.
/// </summary>
public sealed class NewModel(LoanStore loans, EquipmentStore equipment, TimeProvider clock) : PartnershipPageModel
{
    [BindProperty] public LoanForm Input { get; set; } = new();

    public IReadOnlyList<EquipmentChoice> Choices { get; private set; } = [];
    public LoanActor Actor => LoanRules.ActorOf(Scope);
    public bool SetsTerms => Actor == LoanActor.SupplierManager;
    public bool MayRequest => LoanRules.MayRequest(Actor);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Input.StartsOn = today.AddDays(7);
        Input.EndsOn = today.AddDays(7).AddMonths(3);
        Choices = await equipment.ChoicesAsync(Scope, PartnershipId, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            try
            {
                var loan = await loans.RequestAsync(Scope, PartnershipId, Input.ToInput(), cancellationToken);
                if (loan is null)
                {
                    return NotFound();
                }
                TempData["Status"] = $"Loan of {loan.EquipmentName} requested. {(SetsTerms ? "Approve it when it is agreed." : "The supplier's account lead has been told.")}";
                return Redirect($"/p/{PartnershipId}/loans/{loan.Id}");
            }
            catch (ValidationException e)
            {
                ModelState.AddErrors(e, nameof(Input));
            }
            catch (ScopeException)
            {
                return Forbid();
            }
        }
        Choices = await equipment.ChoicesAsync(Scope, PartnershipId, cancellationToken);
        return Page();
    }
}
