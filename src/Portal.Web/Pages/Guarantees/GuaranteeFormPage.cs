using Microsoft.AspNetCore.Mvc;
using Portal.Data.Guarantees;
using Portal.Data.Tenancy;

namespace Portal.Web.Pages.Guarantees;

/// <summary>What the new and edit pages share: who may use them, where store errors are shown and where a save goes.</summary>
[Form(nameof(Input), nameof(GuaranteeInput.PenaltyFixedMinor) + "=Input." + nameof(GuaranteeForm.PenaltyFixed), nameof(GuaranteeInput.CapMinor) + "=Input." + nameof(GuaranteeForm.Cap))]
public abstract class GuaranteeFormPage : PartnershipPageModel
{
    [BindProperty] public GuaranteeForm Input { get; set; } = new();

    public bool CanEdit => Scope.May(Permission.AgreeTerms);

    protected async Task<IActionResult> SaveAsync(Func<GuaranteeInput, Task<Guarantee?>> save, string status) =>
        await save(Input.ToInput()) is null ? NotFound() : Done(status, Redirect($"/p/{PartnershipId}/guarantees"));
}
