using CsvHelper;
using Microsoft.AspNetCore.Mvc;
using Portal.Data;
using Portal.Data.Quality;
using Portal.Web.Lists;

namespace Portal.Web.Pages.Quality;

/// <summary>The partnership's quality issues: search, filters, sorting by any column and paging (or CSV), with ppm and aging on top.</summary>
public sealed partial class IndexModel(QualityIssueStore issues, QualityMetricsStore metrics, QualityWorkflowStore workflow, ContainmentTargetStore targets, TimeProvider clock)
    : PartnershipPageModel, ISortedList
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public QualityIssueState? State { get; set; }
    [BindProperty(SupportsGet = true)] public Severity? Severity { get; set; }
    [BindProperty(SupportsGet = true)] public long? Owner { get; set; }
    [BindProperty(SupportsGet = true)] public bool Overdue { get; set; }
    [BindProperty(SupportsGet = true)] public QualityIssueSort Sort { get; set; }
    [BindProperty(SupportsGet = true)] public SortDirection Dir { get; set; } = SortDirection.Desc;
    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;

    public Page<QualityIssueSummary> Issues { get; private set; } = new([], 1, QualityIssueStore.PageSize, 0);
    public QualityAging Aging { get; private set; } = new([], DateTimeOffset.MinValue);
    public QualityPpm Ppm { get; private set; } = new();
    public IReadOnlyList<StepOwnerChoice> Owners { get; private set; } = [];
    public string ContainmentWindows { get; private set; } = "";
    public DateTimeOffset Now { get; private set; }

    public bool Filtered => State is not null || Severity is not null || Owner is not null || Overdue || !string.IsNullOrWhiteSpace(Q);

    public string SortKey => Sort.ToString();

    private QualityIssueFilter Filter => new(State, Severity, Owner, Overdue, Sort, Dir == SortDirection.Desc, Q);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        Issues = await issues.ListAsync(Scope, PartnershipId, Filter, PageNumber, cancellationToken: cancellationToken);
        Aging = await metrics.GetAgingAsync(Scope, PartnershipId, Now, cancellationToken);
        Ppm = await metrics.GetPpmAsync(Scope, PartnershipId, today.AddYears(-1).AddDays(1), today, cancellationToken);
        Owners = await workflow.GetOwnerChoicesAsync(Scope, PartnershipId, cancellationToken);
        var overrides = await targets.GetAsync(Scope, PartnershipId, cancellationToken);
        ContainmentWindows = "due within " + string.Join(" · ", Enum.GetValues<Severity>()
            .Select(s => $"{s} {Hours(QualityRules.ContainmentWindow(s, overrides))}"));
    }

    /// <summary>The list as the page shows it (search, filters, sort), every page of it.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        var rows = await issues.ListAsync(Scope, PartnershipId, Filter, 1, CsvDownload.MaxRows, cancellationToken);
        return await CsvDownload.FileAsync(Response, rows.Items.Select(i => new CsvRow(i.Reference, i.Title, i.Severity.ToString(), i.State.ToString(), i.ItemName,
            i.QuantityAffected, i.RaisedAt.UtcDateTime, i.ClosedAt?.UtcDateTime, i.State == QualityIssueState.Open ? i.CurrentStep?.ToString() : null,
            i.State == QualityIssueState.Open ? i.CurrentOwnerName : null, i.State == QualityIssueState.Open ? i.CurrentDueAt?.UtcDateTime : null, i.OverdueSteps)),
            CsvDownload.Name(Partnership.Code, "quality-issues"), cancellationToken);
    }

    [CsvRecord]
    internal sealed partial record CsvRow(string Number, string Title, string Severity, string State, string Item, int QuantityAffected, DateTime RaisedUtc,
        DateTime? ClosedUtc, string? NowAt, string? StepOwner, DateTime? NextDueUtc, int OverdueSteps);

    private static string Hours(TimeSpan window) => window.TotalHours % 24 == 0 && window.TotalHours > 72 ? $"{window.TotalDays:0} d" : $"{window.TotalHours:0} h";
}
