using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data.Database;
using Portal.Data.Organisations;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Admin.Organisations;

public sealed class EditModel(CallerContext caller, OrganisationStore organisations) : PageModel
{
    [BindProperty, Required(ErrorMessage = "Enter the company's name."), StringLength(120, ErrorMessage = "Keep the name under 120 characters.")]
    public string Name { get; set; } = "";

    public Organisation Organisation { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var found = await organisations.GetAsync(await caller.RequireAsync(cancellationToken), id, cancellationToken);
        if (found is null)
        {
            return NotFound();
        }
        Organisation = found;
        Name = found.Name;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        var scope = await caller.RequireAsync(cancellationToken);
        var found = await organisations.GetAsync(scope, id, cancellationToken);
        if (found is null)
        {
            return NotFound();
        }
        Organisation = found;
        if (!ModelState.IsValid)
        {
            return Page();
        }
        try
        {
            await organisations.RenameAsync(scope, id, Name, cancellationToken);
            TempData["Status"] = $"Renamed to {Name.Trim()}.";
            return RedirectToPage("Index");
        }
        catch (DuplicateException e)
        {
            ModelState.AddModelError(nameof(Name), e.Message);
            return Page();
        }
    }
}
