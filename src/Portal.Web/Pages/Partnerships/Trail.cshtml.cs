using Microsoft.AspNetCore.Mvc;
using Portal.Data.Audit;
using Portal.Web.Lists;
using Portal.Web.Trail;

namespace Portal.Web.Pages.Partnerships;

/// <summary>The partnership's audit trail, newest first, filtered and paged, told as sentences.</summary>
public sealed class TrailModel(AuditStore audit) : PartnershipPageModel
{
    [BindProperty(SupportsGet = true)] public TrailQuery Query { get; set; } = new();
    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;

    public TrailView Trail { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Trail = await LoadAsync(PageNumber, AuditStore.PageSize, cancellationToken);

    /// <summary>Every entry the filters select, in the page's order.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken) =>
        await TrailCsv.FileAsync(Response, await LoadAsync(1, CsvDownload.MaxRows, cancellationToken), CsvDownload.Name(Partnership.Code, "trail"), cancellationToken);

    private Task<TrailView> LoadAsync(int pageNumber, int pageSize, CancellationToken cancellationToken) =>
        TrailView.LoadAsync(ModelState, Query, pageNumber, Scope, Time.Zone,
            () => audit.GetEntitiesForPartnershipAsync(Scope, PartnershipId, cancellationToken),
            (filter, page) => audit.GetPageForPartnershipAsync(Scope, PartnershipId, filter, page, pageSize, cancellationToken));
}
