using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data.Audit;
using Portal.Web.Identity;
using Portal.Web.Trail;

namespace Portal.Web.Pages.Admin.Trail;

/// <summary>
/// The supplier-wide trail: changes to people, organisations and the equipment register, which belong to no
/// partnership and so appear on no partnership's trail. Filtered and paged like those.
/// </summary>
public sealed class IndexModel(CallerContext caller, AuditStore audit) : PageModel
{
    [BindProperty(SupportsGet = true)] public TrailQuery Query { get; set; } = new();
    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;

    public TrailView Trail { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var scope = await caller.RequireAsync(cancellationToken);
        Trail = await TrailView.LoadAsync(ModelState, Query, PageNumber, scope,
            () => audit.GetEntitiesOutsidePartnershipsAsync(scope, cancellationToken),
            (filter, page) => audit.GetPageOutsidePartnershipsAsync(scope, filter, page, cancellationToken));
    }
}
