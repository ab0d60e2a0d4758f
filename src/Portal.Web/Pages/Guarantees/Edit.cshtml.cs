using Microsoft.AspNetCore.Mvc;
using Portal.Data.Guarantees;

namespace Portal.Web.Pages.Guarantees;

/// <summary>Changes a guarantee's terms; periods already met or missed keep their result.</summary>
public sealed class EditModel(GuaranteeStore guarantees) : GuaranteeFormPage
{
    [BindProperty(SupportsGet = true)] public long GuaranteeId { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var guarantee = await guarantees.GetAsync(Scope, PartnershipId, GuaranteeId, cancellationToken);
        if (guarantee is null)
        {
            return NotFound();
        }
        if (!CanEdit)
        {
            return Forbid();
        }
        Input = GuaranteeForm.From(guarantee);
        return Page();
    }

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        SaveAsync(input => guarantees.UpdateAsync(Scope, PartnershipId, GuaranteeId, input, cancellationToken), "Guarantee saved. Periods already judged keep their result.");
}
