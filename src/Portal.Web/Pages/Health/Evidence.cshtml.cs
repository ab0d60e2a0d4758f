using Microsoft.AspNetCore.Mvc;
using Portal.Data.Scorecards;

namespace Portal.Web.Pages.Health;

/// <summary>The rows behind one metric of one month: the late lines, the issues, the overdue invoices, each linked to its page.</summary>
public sealed class EvidenceModel(ScorecardStore scorecards) : PartnershipPageModel
{
    [BindProperty(SupportsGet = true)] public string Month { get; set; } = "";

    [BindProperty(SupportsGet = true)] public string Metric { get; set; } = "";

    public DateOnly MonthStart { get; private set; }

    public SnapshotMetric Stored { get; private set; } = null!;

    public IReadOnlyList<EvidenceRow> Rows { get; private set; } = [];

    public string Currency => Partnership.Currency;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (ScorecardText.ParseMonth(Month) is not { } month || !Enum.TryParse<ScorecardMetric>(Metric, ignoreCase: false, out var metric) || !Enum.IsDefined(metric))
        {
            return NotFound();
        }
        var evidence = await scorecards.GetEvidenceAsync(Scope, PartnershipId, month, metric, cancellationToken);
        if (evidence is not { } found)
        {
            return NotFound();
        }
        (MonthStart, Stored, Rows) = (month, found.Metric, found.Rows);
        return Page();
    }
}
