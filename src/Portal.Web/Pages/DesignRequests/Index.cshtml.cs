using CsvHelper;
using Microsoft.AspNetCore.Mvc;
using Portal.Data;
using Portal.Data.DesignRequests;
using Portal.Data.Partnerships;
using Portal.Web.Lists;

namespace Portal.Web.Pages.DesignRequests;

/// <summary>The partnership's design requests: searched, filtered by stage, owner and lateness, sorted by any column, paged or as CSV.</summary>
public sealed partial class IndexModel(DesignRequestStore designRequests, TimeProvider clock) : PartnershipPageModel, ISortedList
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public DesignStage? Stage { get; set; }
    [BindProperty(SupportsGet = true)] public long? Owner { get; set; }
    [BindProperty(SupportsGet = true)] public bool Overdue { get; set; }
    [BindProperty(SupportsGet = true)] public DesignRequestSort Sort { get; set; }
    [BindProperty(SupportsGet = true)] public SortDirection Dir { get; set; } = SortDirection.Desc;
    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;

    public Page<DesignRequest> Requests { get; private set; } = new([], 1, DesignRequestStore.PageSize, 0);

    public IReadOnlyList<PartnershipPerson> People { get; private set; } = [];

    public DateOnly Today { get; } = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public bool Filtered => Stage is not null || Owner is not null || Overdue || !string.IsNullOrWhiteSpace(Q);

    public string SortKey => Sort.ToString();

    private DesignRequestFilter Filter => new(Stage, Owner, Overdue, Sort, Dir == SortDirection.Desc, Q);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        People = await designRequests.GetPeopleAsync(Scope, PartnershipId, cancellationToken);
        Requests = await designRequests.GetPageAsync(Scope, PartnershipId, Filter, PageNumber, cancellationToken);
    }

    /// <summary>The list as the page shows it (search, filters, sort), every page of it.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        var rows = await designRequests.ListAllAsync(Scope, PartnershipId, Filter, CsvDownload.MaxRows, cancellationToken);
        return await CsvDownload.FileAsync(Response, rows.Select(r => new CsvRow(r.Reference, r.Title, r.Application, r.Stage.ToString(), r.StageOwnerName ?? "",
            r.IsOpen ? r.StagePlannedEnd : null, r.IsOverdue(Today), r.NeededBy, r.AnnualVolume, r.CreatedAt.UtcDateTime)), CsvDownload.Name(Partnership.Code, "design-requests"), cancellationToken);
    }

    [CsvRecord]
    internal sealed partial record CsvRow(string Number, string Title, string Application, string Stage, string StageOwner, DateOnly? StageDue, bool Overdue,
        DateOnly? NeededBy, long AnnualVolume, DateTime RaisedUtc);
}
