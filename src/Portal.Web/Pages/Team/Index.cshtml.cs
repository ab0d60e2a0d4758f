using Microsoft.AspNetCore.Mvc;
using Portal.Data;
using Portal.Data.Audit;
using Portal.Data.Organisations;
using Portal.Data.Tenancy;
using Portal.Data.Users;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Team;

/// <summary>A customer lead's own company, a page of people at a time: invite colleagues, deactivate and reactivate them. Nobody else's people.</summary>
[Form("", "UserId=")]
public sealed class IndexModel(CallerContext caller, UserStore users, OrganisationStore organisations, Invitations invitations) : PortalPageModel
{
    [BindProperty] public InviteInput Invite { get; set; } = new();

    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;

    public Page<PortalUser> People { get; private set; } = new([], 1, UserStore.PeoplePageSize, 0);
    public Organisation Organisation { get; private set; } = null!;
    public IReadOnlyList<PortalRole> Roles { get; private set; } = [];
    public long SelfId { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(await caller.RequireAsync(cancellationToken), cancellationToken);

    [Form(InvitePageActions.Prefix, InvitePageActions.TakenEmail)]
    public async Task<IActionResult> OnPostInviteAsync(CancellationToken cancellationToken)
    {
        var scope = await caller.RequireAsync(cancellationToken);
        // The form cannot widen the lead's reach: the organisation is always their own.
        Invite.OrganisationId = scope.OrganisationId!.Value;
        await this.InviteAsync(invitations, scope, Invite, cancellationToken);
        return RedirectToPage();
    }

    public Task<IActionResult> OnPostDeactivateAsync(long userId, CancellationToken cancellationToken) => SetActiveAsync(userId, false, cancellationToken);

    public Task<IActionResult> OnPostReactivateAsync(long userId, CancellationToken cancellationToken) => SetActiveAsync(userId, true, cancellationToken);

    private async Task<IActionResult> SetActiveAsync(long userId, bool active, CancellationToken cancellationToken)
    {
        var changed = await users.SetActiveAsync(await caller.RequireAsync(cancellationToken), userId, active, cancellationToken);
        return changed is null ? NotFound() : Done($"{changed.DisplayName} is {(active ? "active again" : "deactivated")}.", RedirectToPage());
    }

    public override async Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(await caller.RequireAsync(cancellationToken), cancellationToken);
        return Page();
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
