using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data.Database;
using Portal.Data.Organisations;
using Portal.Data.Partnerships;
using Portal.Data.Users;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Admin.Partnerships;

public sealed class NewModel(CallerContext caller, PartnershipStore partnerships, OrganisationStore organisations, UserStore users) : PageModel
{
    [BindProperty] public PartnershipForm Input { get; set; } = new();

    public IReadOnlyList<Organisation> Customers { get; private set; } = [];
    public IReadOnlyList<PortalUser> SupplierStaff { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadChoicesAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var scope = await caller.RequireAsync(cancellationToken);
        if (ModelState.IsValid)
        {
            try
            {
                var created = await partnerships.CreateAsync(scope, Input.ToInput(), cancellationToken);
                TempData["Status"] = $"{created.Name} created. Assign the supplier team and the customer's lead here.";
                return Redirect($"/admin/partnerships/{created.Id}");
            }
            catch (ValidationException e)
            {
                ModelState.AddErrors(e, nameof(Input));
            }
            catch (DuplicateException e)
            {
                ModelState.AddModelError("Input.CustomerOrgId", e.Message);
            }
        }
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
