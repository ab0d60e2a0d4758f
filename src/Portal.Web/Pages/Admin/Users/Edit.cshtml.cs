using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data.Database;
using Portal.Data.Organisations;
using Portal.Data.Users;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Admin.Users;

/// <summary>An admin changes a person's role (within their side) or deactivates and reactivates them.</summary>
public sealed class EditModel(CallerContext caller, UserStore users) : PageModel
{
    [BindProperty] public PortalRole Role { get; set; }

    public PortalUser Person { get; private set; } = null!;
    public IReadOnlyList<PortalRole> Roles { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        Role = Person.Role;
        return Page();
    }

    public Task<IActionResult> OnPostRoleAsync(long id, CancellationToken cancellationToken) =>
        ChangeAsync(id, scope => users.ChangeRoleAsync(scope, id, Role, cancellationToken), p => $"{p.DisplayName} is now {p.Role.Label()}.", cancellationToken);

    public Task<IActionResult> OnPostDeactivateAsync(long id, CancellationToken cancellationToken) =>
        ChangeAsync(id, scope => users.SetActiveAsync(scope, id, false, cancellationToken), p => $"{p.DisplayName} is deactivated and signed out.", cancellationToken);

    public Task<IActionResult> OnPostReactivateAsync(long id, CancellationToken cancellationToken) =>
        ChangeAsync(id, scope => users.SetActiveAsync(scope, id, true, cancellationToken), p => $"{p.DisplayName} is active again.", cancellationToken);

    private async Task<IActionResult> ChangeAsync(long id, Func<Portal.Data.Tenancy.CallerScope, Task<PortalUser?>> change, Func<PortalUser, string> status, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        try
        {
            var changed = await change(await caller.RequireAsync(cancellationToken));
            if (changed is null)
            {
                return NotFound();
            }
            TempData["Status"] = status(changed);
            return RedirectToPage(new { id });
        }
        catch (ValidationException e)
        {
            foreach (var message in e.Errors.Values)
            {
                ModelState.AddModelError(nameof(Role), message);
            }
            return Page();
        }
    }

    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        var scope = await caller.RequireAsync(cancellationToken);
        var person = await users.GetManageableAsync(scope, id, cancellationToken);
        if (person is null)
        {
            return false;
        }
        Person = person;
        Roles = person.IsSupplierStaff ? PortalRoles.Supplier : PortalRoles.Customer;
        return true;
    }
}
