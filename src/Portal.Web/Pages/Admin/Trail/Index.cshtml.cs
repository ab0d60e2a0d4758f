using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data;
using Portal.Data.Audit;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Admin.Trail;

/// <summary>
/// The supplier-wide trail: changes to people, organisations and the equipment register, which belong to no
/// partnership and so appear on no partnership's trail. Filtered and paged like those.
/// </summary>
public sealed class IndexModel(CallerContext caller, AuditStore audit) : PageModel, ITrailView
{
    [BindProperty(SupportsGet = true)] public string? Entity { get; set; }
    [BindProperty(SupportsGet = true)] public string? ActionName { get; set; }
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;

    public Page<AuditEntry> Entries { get; private set; } = new([], 1, AuditStore.PageSize, 0);

    public IReadOnlyList<string> Entities { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var scope = await caller.RequireAsync(cancellationToken);
        if (From is { } from && To is { } to && to < from)
        {
            ModelState.AddModelError(nameof(To), "The end date is before the start date.");
        }
        Entities = await audit.GetEntitiesOutsidePartnershipsAsync(scope, cancellationToken);
        if (ModelState.IsValid)
        {
            Entries = await audit.GetPageOutsidePartnershipsAsync(scope, new AuditFilter(Entity, ActionName, Actor, From, To), PageNumber, cancellationToken);
        }
    }
}
