using Microsoft.AspNetCore.Mvc;
using Portal.Data;
using Portal.Data.Audit;
using Portal.Data.Quality;

namespace Portal.Web.Pages.Quality;

/// <summary>The partnership's quality issues: filters, sorting and paging, with ppm and aging on top.</summary>
public sealed class IndexModel(QualityIssueStore issues, QualityMetricsStore metrics, QualityWorkflowStore workflow, ContainmentTargetStore targets, TimeProvider clock)
    : PartnershipPageModel
{
    [BindProperty(SupportsGet = true)] public QualityIssueState? State { get; set; }
    [BindProperty(SupportsGet = true)] public Severity? Severity { get; set; }
    [BindProperty(SupportsGet = true)] public long? Owner { get; set; }
    [BindProperty(SupportsGet = true)] public bool Overdue { get; set; }
    [BindProperty(SupportsGet = true)] public QualityIssueSort Sort { get; set; }
    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;

    public Page<QualityIssueSummary> Issues { get; private set; } = new([], 1, QualityIssueStore.PageSize, 0);
    public QualityAging Aging { get; private set; } = new([], DateTimeOffset.MinValue);
    public QualityPpm Ppm { get; private set; } = new();
    public IReadOnlyList<StepOwnerChoice> Owners { get; private set; } = [];
    public string ContainmentWindows { get; private set; } = "";
    public DateTimeOffset Now { get; private set; }

    public bool Filtered => State is not null || Severity is not null || Owner is not null || Overdue;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        Issues = await issues.ListAsync(Scope, PartnershipId, new QualityIssueFilter(State, Severity, Owner, Overdue, Sort), PageNumber, cancellationToken: cancellationToken);
        Aging = await metrics.GetAgingAsync(Scope, PartnershipId, Now, cancellationToken);
        Ppm = await metrics.GetPpmAsync(Scope, PartnershipId, today.AddYears(-1).AddDays(1), today, cancellationToken);
        Owners = await workflow.GetOwnerChoicesAsync(Scope, PartnershipId, cancellationToken);
        var overrides = await targets.GetAsync(Scope, PartnershipId, cancellationToken);
        ContainmentWindows = "due within " + string.Join(" · ", Enum.GetValues<Severity>()
            .Select(s => $"{s} {Hours(QualityRules.ContainmentWindow(s, overrides))}"));
    }

    private static string Hours(TimeSpan window) => window.TotalHours % 24 == 0 && window.TotalHours > 72 ? $"{window.TotalDays:0} d" : $"{window.TotalHours:0} h";
}
