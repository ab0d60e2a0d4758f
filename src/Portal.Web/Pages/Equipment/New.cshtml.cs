using Microsoft.AspNetCore.Mvc;
using Portal.Data.Loans;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Equipment;

public sealed class NewModel(CallerContext caller, EquipmentStore equipment) : PortalPageModel
{
    [BindProperty] public EquipmentForm Input { get; set; } = new();

    public void OnGet()
    {
    }

    [Form(nameof(Input))]
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var item = await equipment.CreateAsync(await caller.RequireAsync(cancellationToken), Input.ToInput(), cancellationToken);
        return Done($"{item.Name} ({item.Serial}) added to the register.", Redirect($"/equipment/{item.Id}"));
    }
}
