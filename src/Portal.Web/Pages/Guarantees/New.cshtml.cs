using Microsoft.AspNetCore.Mvc;
using Portal.Data.Guarantees;

namespace Portal.Web.Pages.Guarantees;

/// <summary>The supplier's account team promises the customer a level of service, with a penalty that pays out when missed.</summary>
public sealed class NewModel(GuaranteeStore guarantees, TimeProvider clock) : GuaranteeFormPage
{
    public IActionResult OnGet()
    {
        if (!CanEdit)
        {
            return Forbid();
        }
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Input = new GuaranteeForm { Currency = Partnership.Currency, EffectiveFrom = new DateOnly(today.Year, today.Month, 1) };
        return Page();
    }

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        SaveAsync(input => guarantees.CreateAsync(Scope, PartnershipId, input, cancellationToken), "Guarantee added. Closed periods are evaluated on the next daily run.");
}
