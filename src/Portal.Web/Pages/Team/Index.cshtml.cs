using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data;
using Portal.Data.Audit;
using Portal.Data.Database;
using Portal.Data.Organisations;
using Portal.Data.Tenancy;
using Portal.Data.Users;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Team;

/// <summary>A customer lead's own company, a page of people at a time: invite colleagues, deactivate and reactivate them. Nobody else's people.</summary>
public sealed class IndexModel(CallerContext caller, UserStore users, OrganisationStore organisations, Invitations invitations) : PageModel
{
    [BindProperty] public InviteInput Invite { get; set; } = new();

    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;

    public Page<PortalUser> People { get; private set; } = new([], 1, UserStore.PeoplePageSize, 0);
    public Organisation Organisation { get; private set; } = null!;
    public IReadOnlyList<PortalRole> Roles { get; private set; } = [];
    public long SelfId { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(await caller.RequireAsync(cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken cancellationToken)
    {
        var scope = await caller.RequireAsync(cancellationToken);
        // The form cannot widen the lead's reach: the organisation is always their own.
        Invite.OrganisationId = scope.OrganisationId!.Value;
        if (await this.TryInviteAsync(invitations, scope, Invite, cancellationToken))
        {
            return RedirectToPage();
        }
        await LoadAsync(scope, cancellationToken);
        return Page();
    }

    public Task<IActionResult> OnPostDeactivateAsync(long userId, CancellationToken cancellationToken) => SetActiveAsync(userId, false, cancellationToken);

    public Task<IActionResult> OnPostReactivateAsync(long userId, CancellationToken cancellationToken) => SetActiveAsync(userId, true, cancellationToken);

    private async Task<IActionResult> SetActiveAsync(long userId, bool active, CancellationToken cancellationToken)
    {
        var scope = await caller.RequireAsync(cancellationToken);
        try
        {
            var changed = await users.SetActiveAsync(scope, userId, active, cancellationToken);
            if (changed is null)
            {
                return NotFound();
            }
            TempData["Status"] = $"{changed.DisplayName} is {(active ? "active again" : "deactivated")}.";
        }
        catch (ValidationException e)
        {
            TempData["Status"] = string.Join(" ", e.Errors.Values);
        }
        return RedirectToPage();
    }

    private async Task LoadAsync(CallerScope scope, CancellationToken cancellationToken)
    {
        SelfId = scope.ActorId!.Value;
        Organisation = (await organisations.GetAsync(scope, scope.OrganisationId!.Value, cancellationToken))!;
        People = await users.SearchManageableAsync(scope, scope.OrganisationId, null, PageNumber, cancellationToken: cancellationToken);
        Roles = Organisation.Kind == OrganisationKind.Supplier ? PortalRoles.Supplier : PortalRoles.Customer;
        Invite.OrganisationId = Organisation.Id;
    }
}
