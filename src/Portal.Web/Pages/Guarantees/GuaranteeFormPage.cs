using Microsoft.AspNetCore.Mvc;
using Portal.Data.Database;
using Portal.Data.Guarantees;
using Portal.Data.Users;

namespace Portal.Web.Pages.Guarantees;

/// <summary>What the new and edit pages share: who may use them and how store errors reach the fields.</summary>
public abstract class GuaranteeFormPage : PartnershipPageModel
{
    [BindProperty] public GuaranteeForm Input { get; set; } = new();

    public bool CanEdit => Scope.IsSupplier && Scope.Role is PortalRole.Admin or PortalRole.AccountLead;

    protected async Task<IActionResult> SaveAsync(Func<GuaranteeInput, Task<Guarantee?>> save, string status)
    {
        if (!CanEdit)
        {
            return Forbid();
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        try
        {
            if (await save(Input.ToInput()) is null)
            {
                return NotFound();
            }
            TempData["Status"] = status;
            return Redirect($"/p/{PartnershipId}/guarantees");
        }
        catch (ValidationException e)
        {
            foreach (var (field, message) in e.Errors)
            {
                ModelState.AddModelError($"{nameof(Input)}.{GuaranteeForm.FieldFor(field)}", message);
            }
            return Page();
        }
    }
}
