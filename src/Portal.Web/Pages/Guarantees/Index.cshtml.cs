using CsvHelper;
using Hangfire;
using Microsoft.AspNetCore.Mvc;
using Portal.Data.Guarantees;
using Portal.Data.Tenancy;
using Portal.Web.Jobs;
using Portal.Web.Lists;

namespace Portal.Web.Pages.Guarantees;

/// <summary>Both sides see every guarantee with its results period by period and the credits they produced.</summary>
public sealed partial class IndexModel(GuaranteeStore guarantees, IBackgroundJobClient jobs) : PartnershipPageModel
{
    public IReadOnlyList<GuaranteeHistory> Guarantees { get; private set; } = [];

    public bool CanEdit => Scope.May(Permission.AgreeTerms);

    public bool CanEvaluate => Scope.May(Permission.EvaluateGuarantees);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Guarantees = await guarantees.GetHistoryAsync(Scope, PartnershipId, cancellationToken: cancellationToken);

    /// <summary>Every evaluated period of every guarantee, not only the latest the page shows, with the credit it produced.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        var all = await guarantees.GetHistoryAsync(Scope, PartnershipId, CsvDownload.MaxRows, cancellationToken);
        var rows = all.SelectMany(h => h.Results.Select(r =>
        {
            var g = h.Guarantee;
            var credit = h.Credits.FirstOrDefault(c => c.PeriodStart == r.PeriodStart);
            return new CsvRow(g.Id, GuaranteeRules.Label(g.Metric), g.Comparison == GuaranteeComparison.AtLeast ? "at least" : "at most", g.Target,
                GuaranteeRules.Unit(g.Metric), r.PeriodStart, r.PeriodEnd, r.Measured, r.Numerator, r.Denominator, r.Outcome.ToString(),
                credit?.AmountMinor / 100m, credit?.Currency, credit?.State.ToString());
        }));
        return await CsvDownload.FileAsync(Response, rows, CsvDownload.Name(Partnership.Code, "guarantees"), cancellationToken);
    }

    [CsvRecord]
    internal sealed partial record CsvRow(long Guarantee, string Metric, string Comparison, decimal Target, string Unit, DateOnly PeriodStart, DateOnly PeriodEnd,
        decimal? Actual, long Numerator, long Denominator, string Result, decimal? Credit, string? Currency, string? CreditState);

    /// <summary>Queues the partnership's evaluation now instead of waiting for the daily run; it is idempotent, so a double click does no harm.</summary>
    public IActionResult OnPostEvaluate()
    {
        Scope.Require(Permission.EvaluateGuarantees);
        jobs.EnqueueFor<GuaranteeEvaluationJob>(PartnershipId);
        return Done("Evaluation queued. Reload in a moment to see new results.", RedirectToPage());
    }

    public override async Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken)
    {
        await OnGetAsync(cancellationToken);
        return Page();
    }
}
