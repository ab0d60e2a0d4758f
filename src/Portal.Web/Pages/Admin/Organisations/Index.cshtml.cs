using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data;
using Portal.Data.Audit;
using Portal.Data.Database;
using Portal.Data.Organisations;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Admin.Organisations;

public sealed class IndexModel(CallerContext caller, OrganisationStore organisations) : PageModel
{
    public sealed class NewOrganisation
    {
        [Required(ErrorMessage = "Enter the company's name."), StringLength(120, ErrorMessage = "Keep the name under 120 characters.")]
        public string Name { get; set; } = "";
    }

    [BindProperty] public NewOrganisation Input { get; set; } = new();

    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;

    public Page<Organisation> Organisations { get; private set; } = new([], 1, OrganisationStore.PageSize, 0);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Organisations = await organisations.GetPageAsync(await caller.RequireAsync(cancellationToken), PageNumber, cancellationToken);

    /// <summary>Adds a customer company; the supplier exists from the start and there is only one.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var scope = await caller.RequireAsync(cancellationToken);
        if (ModelState.IsValid)
        {
            try
            {
                var created = await organisations.CreateAsync(scope, Input.Name, OrganisationKind.Customer, cancellationToken);
                TempData["Status"] = $"{created.Name} added. Next: create its partnership.";
                return RedirectToPage();
            }
            catch (DuplicateException e)
            {
                ModelState.AddModelError("Input.Name", e.Message);
            }
        }
        Organisations = await organisations.GetPageAsync(scope, PageNumber, cancellationToken);
        return Page();
    }
}
