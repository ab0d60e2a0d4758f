using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data.Audit;
using Portal.Web.Identity;
using Portal.Web.Lists;
using Portal.Web.Time;
using Portal.Web.Trail;

namespace Portal.Web.Pages.Admin.Trail;

/// <summary>
/// The supplier-wide trail: changes to people, organisations and the equipment register, which belong to no
/// partnership and so appear on no partnership's trail. Filtered and paged like those.
/// </summary>
public sealed class IndexModel(CallerContext caller, AuditStore audit, ViewerTime time) : PageModel
{
    [BindProperty(SupportsGet = true)] public TrailQuery Query { get; set; } = new();
    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;

    public TrailView Trail { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Trail = await LoadAsync(PageNumber, AuditStore.PageSize, cancellationToken);

    /// <summary>Every entry the filters select, in the page's order.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken) =>
        await TrailCsv.FileAsync(Response, await LoadAsync(1, CsvDownload.MaxRows, cancellationToken), CsvDownload.Name("", "supplier-trail"), cancellationToken);

    private async Task<TrailView> LoadAsync(int pageNumber, int pageSize, CancellationToken cancellationToken)
    {
        var scope = await caller.RequireAsync(cancellationToken);
        return await TrailView.LoadAsync(ModelState, Query, pageNumber, scope, time.Zone,
            () => audit.GetEntitiesOutsidePartnershipsAsync(scope, cancellationToken),
            (filter, page) => audit.GetPageOutsidePartnershipsAsync(scope, filter, page, pageSize, cancellationToken));
    }
}
