using System.Globalization;
using System.Text.Json;
using CsvHelper;
using Microsoft.AspNetCore.Mvc;
using Portal.Data.Scorecards;
using Portal.Data.Tenancy;
using Portal.Web.Lists;

namespace Portal.Web.Pages.Health;

/// <summary>
/// The partnership's monthly scorecard, both sides, for both companies: a month's metrics with trend, a year's chart,
/// the open health alerts and the month's revisions. The account team may recompute a month; the account people of
/// both companies close alerts; anyone of the partnership may download the history as CSV.
/// </summary>
public sealed partial class IndexModel(ScorecardStore scorecards, ScorecardCalculator calculator, HealthAlertStore alerts, TimeProvider clock) : PartnershipPageModel
{
    /// <summary>How many months the chart, the picker and the CSV cover.</summary>
    public const int HistoryMonths = 24;

    [BindProperty(SupportsGet = true)] public string? Month { get; set; }

    [BindProperty] public string? Reason { get; set; }

    /// <summary>Why an alert is closed (optional, kept in the trail).</summary>
    [BindProperty] public string? Note { get; set; }

    public ScorecardView? View { get; private set; }

    public IReadOnlyList<ScorecardMonth> History { get; private set; } = [];

    public IReadOnlyList<HealthAlert> OpenAlerts { get; private set; } = [];

    public bool CanRecompute => Scope.May(Permission.ManageScorecards);

    public bool CanCloseAlerts => Scope.May(Permission.CloseHealthAlerts);

    public string ChartJson => JsonSerializer.Serialize(new
    {
        labels = Chart.Select(m => m.Snapshot.Month.ToString("MMM yyyy", CultureInfo.InvariantCulture)),
        supplier = Chart.Select(m => m.Snapshot.SupplierScore),
        customer = Chart.Select(m => m.Snapshot.CustomerScore),
    });

    /// <summary>The twelve months up to the one shown, oldest first.</summary>
    public IReadOnlyList<ScorecardMonth> Chart => View is { } v
        ? History.Where(h => h.Snapshot.Month <= v.Current.Snapshot.Month && h.Snapshot.Month > v.Current.Snapshot.Month.AddMonths(-12)).Reverse().ToList()
        : [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var month = ScorecardText.ParseMonth(Month);
        if (Month is not null && month is null)
        {
            return NotFound();
        }
        await LoadAsync(month, cancellationToken);
        return Month is not null && View is null ? NotFound() : Page();
    }

    /// <summary>One row per month and metric, the latest revision of each month, through CsvHelper.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        var history = await scorecards.GetHistoryAsync(Scope, PartnershipId, FirstMonth(), LastMonth(), cancellationToken);
        return await CsvDownload.FileAsync(Response, history.OrderBy(h => h.Snapshot.Month).SelectMany(h => h.Metrics.Select(m => new CsvRow(
            ScorecardText.MonthKey(h.Snapshot.Month), h.Snapshot.Revision, m.Side.ToString(), m.Metric.ToString(), m.Definition.Label, m.Value, m.Definition.Unit,
            m.Numerator, m.Denominator, m.Target, m.Floor, m.Weight, m.Score, m.State.ToString(), h.Snapshot.SupplierScore, h.Snapshot.SupplierState.ToString(),
            h.Snapshot.CustomerScore, h.Snapshot.CustomerState.ToString(), h.Snapshot.FormulaVersion))), $"scorecards-{PartnershipId}.csv", cancellationToken);
    }

    public async Task<IActionResult> OnPostRecomputeAsync(CancellationToken cancellationToken)
    {
        if (ScorecardText.ParseMonth(Month) is not { } month)
        {
            return NotFound();
        }
        var stored = await calculator.RecomputeAsync(Scope, PartnershipId, month, Reason ?? "", cancellationToken);
        return stored is null
            ? NotFound()
            : Done($"{ScorecardText.Month(month)} computed again: revision {stored.Revision}.", RedirectToPage(new { Month }));
    }

    /// <summary>Closes an open alert; an alert of another partnership is not found, whoever asks.</summary>
    [Form("", "State=", "Note=")]
    public async Task<IActionResult> OnPostCloseAlertAsync(long alertId, CancellationToken cancellationToken)
    {
        var closed = await alerts.CloseAsync(Scope, PartnershipId, alertId, Note, cancellationToken);
        return closed is null
            ? NotFound()
            : Done($"The health alert of {ScorecardText.Month(closed.Month)} ({closed.Side.ToString().ToLowerInvariant()} side) is closed.", RedirectToPage(new { Month }));
    }

    public override async Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(ScorecardText.ParseMonth(Month), cancellationToken);
        return Page();
    }

    private async Task LoadAsync(DateOnly? month, CancellationToken cancellationToken)
    {
        View = await scorecards.GetAsync(Scope, PartnershipId, month, cancellationToken);
        History = await scorecards.GetHistoryAsync(Scope, PartnershipId, FirstMonth(), LastMonth(), cancellationToken);
        OpenAlerts = await alerts.GetOpenAsync(Scope, PartnershipId, cancellationToken);
    }

    private DateOnly LastMonth()
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
    }

    private DateOnly FirstMonth() => LastMonth().AddMonths(-(HistoryMonths - 1));

    [CsvRecord]
    internal sealed partial record CsvRow(string Month, int Revision, string Side, string Metric, string Label, decimal? Value, string Unit, long Numerator, long Denominator,
        decimal Target, decimal Floor, int Weight, decimal? Score, string State, decimal? SupplierScore, string SupplierState, decimal? CustomerScore,
        string CustomerState, string FormulaVersion);
}
