using Microsoft.AspNetCore.Mvc;
using Portal.Data.Organisations;
using Portal.Data.Tenancy;
using Portal.Data.Users;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Admin.Users;

/// <summary>An admin changes a person's role (within their side) or deactivates and reactivates them.</summary>
[Form("", "UserId=" + nameof(Role))]
public sealed class EditModel(CallerContext caller, UserStore users) : PortalPageModel
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

    private async Task<IActionResult> ChangeAsync(long id, Func<CallerScope, Task<PortalUser?>> change, Func<PortalUser, string> status, CancellationToken cancellationToken)
    {
        var changed = await change(await caller.RequireAsync(cancellationToken));
        return changed is null ? NotFound() : Done(status(changed), RedirectToPage(new { id }));
    }

    public override async Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken) =>
        await LoadAsync(RouteId, cancellationToken) ? Page() : NotFound();

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
