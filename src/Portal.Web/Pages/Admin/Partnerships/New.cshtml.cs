using Microsoft.AspNetCore.Mvc;
using Portal.Data.Organisations;
using Portal.Data.Partnerships;
using Portal.Data.Users;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Admin.Partnerships;

public sealed class NewModel(CallerContext caller, PartnershipStore partnerships, OrganisationStore organisations, UserStore users) : PortalPageModel
{
    [BindProperty] public PartnershipForm Input { get; set; } = new();

    public IReadOnlyList<Organisation> Customers { get; private set; } = [];
    public IReadOnlyList<PortalUser> SupplierStaff { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadChoicesAsync(cancellationToken);

    [Form(nameof(Input), FormAttribute.Duplicate + "=Input.CustomerOrgId")]
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var created = await partnerships.CreateAsync(await caller.RequireAsync(cancellationToken), Input.ToInput(), cancellationToken);
        return Done($"{created.Name} created. Assign the supplier team and the customer's lead here.", Redirect($"/admin/partnerships/{created.Id}"));
    }

    public override async Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken)
    {
        await LoadChoicesAsync(cancellationToken);
        return Page();
    }

    private async Task LoadChoicesAsync(CancellationToken cancellationToken)
    {
        var scope = await caller.RequireAsync(cancellationToken);
        var taken = (await partnerships.GetVisibleAsync(scope, cancellationToken)).Select(p => p.CustomerOrgId).ToHashSet();
        var all = await organisations.ListAsync(scope, cancellationToken);
        Customers = all.Where(o => o.Kind == OrganisationKind.Customer && !taken.Contains(o.Id)).ToList();
        var supplier = all.Single(o => o.Kind == OrganisationKind.Supplier);
        SupplierStaff = (await users.ListManageableAsync(scope, supplier.Id, cancellationToken)).Where(u => u.IsActive).ToList();
    }
}
