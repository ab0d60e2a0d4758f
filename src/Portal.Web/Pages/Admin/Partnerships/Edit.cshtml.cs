using Microsoft.AspNetCore.Mvc;
using Portal.Data.ErpClients;
using Portal.Data.Partnerships;
using Portal.Data.Tenancy;
using Portal.Data.Users;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Admin.Partnerships;

/// <summary>An admin edits a partnership's leads and assigns the supplier staff who work on it.</summary>
public sealed class EditModel(CallerContext caller, PartnershipStore partnerships, UserStore users, ErpClientStore erpClients) : PortalPageModel
{
    [BindProperty] public PartnershipForm Input { get; set; } = new();

    public Partnership Partnership { get; private set; } = null!;
    public IReadOnlyList<PortalUser> SupplierStaff { get; private set; } = [];
    public IReadOnlyList<PortalUser> CustomerPeople { get; private set; } = [];
    public IReadOnlyList<PartnershipMember> Members { get; private set; } = [];
    public IReadOnlyList<ErpClient> ErpClients { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        Input = new PartnershipForm
        {
            Name = Partnership.Name,
            CustomerOrgId = Partnership.CustomerOrgId,
            Currency = Partnership.Currency,
            SupplierLeadUserId = Partnership.SupplierLeadUserId,
            CustomerLeadUserId = Partnership.CustomerLeadUserId,
        };
        return Page();
    }

    [Form(nameof(Input))]
    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        await partnerships.UpdateAsync(await caller.RequireAsync(cancellationToken), id, Input.ToInput(), cancellationToken);
        return Done("Partnership saved.", RedirectToPage(new { id }));
    }

    public async Task<IActionResult> OnPostAssignAsync(long id, long userId, CancellationToken cancellationToken)
    {
        var scope = await caller.RequireAsync(cancellationToken);
        if (!await partnerships.AssignMemberAsync(scope, id, userId, cancellationToken))
        {
            return NotFound();
        }
        return Done("Team member assigned.", RedirectToPage(new { id }));
    }

    public async Task<IActionResult> OnPostUnassignAsync(long id, long userId, CancellationToken cancellationToken)
    {
        var scope = await caller.RequireAsync(cancellationToken);
        return Done(await partnerships.UnassignMemberAsync(scope, id, userId, cancellationToken)
            ? "Team member removed from the partnership."
            : "The supplier account lead stays on the team; choose another lead first.", RedirectToPage(new { id }));
    }

    public override async Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken) =>
        await LoadAsync(RouteId, cancellationToken) ? Page() : NotFound();

    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        var scope = await caller.RequireAsync(cancellationToken);
        var partnership = await partnerships.GetAsync(scope, id, cancellationToken);
        if (partnership is null)
        {
            return false;
        }
        Partnership = partnership;
        Input.CustomerOrgId = partnership.CustomerOrgId;
        SupplierStaff = (await users.ListManageableAsync(scope, partnership.SupplierOrgId, cancellationToken)).Where(u => u.IsActive).ToList();
        CustomerPeople = (await users.ListManageableAsync(scope, partnership.CustomerOrgId, cancellationToken)).Where(u => u.IsActive).ToList();
        Members = await partnerships.GetSupplierMembersAsync(scope, id, cancellationToken);
        ErpClients = await erpClients.ListForPartnershipAsync(scope, id, cancellationToken);
        return true;
    }
}
