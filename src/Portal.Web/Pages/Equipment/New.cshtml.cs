using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data.Database;
using Portal.Data.Loans;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Equipment;

public sealed class NewModel(CallerContext caller, EquipmentStore equipment) : PageModel
{
    [BindProperty] public EquipmentForm Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            try
            {
                var item = await equipment.CreateAsync(await caller.RequireAsync(cancellationToken), Input.ToInput(), cancellationToken);
                TempData["Status"] = $"{item.Name} ({item.Serial}) added to the register.";
                return Redirect($"/equipment/{item.Id}");
            }
            catch (ValidationException e)
            {
                ModelState.AddErrors(e, nameof(Input));
            }
        }
        return Page();
    }
}
