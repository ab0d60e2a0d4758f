using Microsoft.AspNetCore.Mvc;
using Portal.Data;
using Portal.Data.Audit;
using Portal.Data.Organisations;
using Portal.Data.Tenancy;
using Portal.Data.Users;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Admin.Users;

/// <summary>Everyone on both sides, filterable by organisation; admins invite people into any organisation.</summary>
public sealed class IndexModel(CallerContext caller, UserStore users, OrganisationStore organisations, Invitations invitations) : PortalPageModel
{
    [BindProperty(SupportsGet = true)] public long? OrganisationId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }
    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;
    [BindProperty] public InviteInput Invite { get; set; } = new();

    public Page<PortalUser> People { get; private set; } = new([], 1, UserStore.PeoplePageSize, 0);
    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];
    public long SelfId { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(await caller.RequireAsync(cancellationToken), cancellationToken);

    [Form(InvitePageActions.Prefix, InvitePageActions.TakenEmail)]
    public async Task<IActionResult> OnPostInviteAsync(CancellationToken cancellationToken)
    {
        await this.InviteAsync(invitations, await caller.RequireAsync(cancellationToken), Invite, cancellationToken);
        return RedirectToPage(new { OrganisationId = Invite.OrganisationId });
    }

    public override async Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(await caller.RequireAsync(cancellationToken), cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CallerScope scope, CancellationToken cancellationToken)
    {
        SelfId = scope.ActorId!.Value;
        Organisations = await organisations.ListAsync(scope, cancellationToken);
        People = await users.SearchManageableAsync(scope, OrganisationId, Search, PageNumber, cancellationToken: cancellationToken);
        if (Invite.OrganisationId == 0)
        {
            Invite.OrganisationId = OrganisationId ?? Organisations[0].Id;
        }
    }
}
