using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Portal.Data.Organisations;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Admin.Organisations;

public sealed class EditModel(CallerContext caller, OrganisationStore organisations) : PortalPageModel
{
    [BindProperty, Required(ErrorMessage = "Enter the company's name."), StringLength(120, ErrorMessage = "Keep the name under 120 characters.")]
    public string Name { get; set; } = "";

    [BindProperty] public string TimeZone { get; set; } = Portal.Data.Tenancy.PortalTimeZones.Utc;

    public Organisation Organisation { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        Name = Organisation.Name;
        TimeZone = Organisation.TimeZone;
        return Page();
    }

    [Form("", FormAttribute.Duplicate + "=" + nameof(Name))]
    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        var scope = await caller.RequireAsync(cancellationToken);
        if (Name.Trim() != Organisation.Name)
        {
            await organisations.RenameAsync(scope, id, Name, cancellationToken);
        }
        await organisations.SetTimeZoneAsync(scope, id, TimeZone, cancellationToken);
        return Done($"{Name.Trim()} saved.", RedirectToPage("Index"));
    }

    public override async Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken) =>
        await LoadAsync(RouteId, cancellationToken) ? Page() : NotFound();

    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        Organisation = (await organisations.GetAsync(await caller.RequireAsync(cancellationToken), id, cancellationToken))!;
        return Organisation is not null;
    }
}
