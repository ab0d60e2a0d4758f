using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Portal.Data;
using Portal.Data.Audit;
using Portal.Data.Organisations;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Admin.Organisations;

public sealed class IndexModel(CallerContext caller, OrganisationStore organisations) : PortalPageModel
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
    [Form(nameof(Input), FormAttribute.Duplicate + "=Input.Name")]
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var created = await organisations.CreateAsync(await caller.RequireAsync(cancellationToken), Input.Name, OrganisationKind.Customer, cancellationToken);
        return Done($"{created.Name} added. Next: create its partnership.", RedirectToPage());
    }

    public override async Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken)
    {
        await OnGetAsync(cancellationToken);
        return Page();
    }
}
