using Hangfire;
using Microsoft.AspNetCore.Mvc;
using Portal.Data.Guarantees;
using Portal.Data.Tenancy;
using Portal.Web.Jobs;

namespace Portal.Web.Pages.Guarantees;

/// <summary>Both sides see every guarantee with its results period by period and the credits they produced.</summary>
public sealed class IndexModel(GuaranteeStore guarantees, IBackgroundJobClient jobs) : PartnershipPageModel
{
    public IReadOnlyList<GuaranteeHistory> Guarantees { get; private set; } = [];

    public bool CanEdit => Scope.May(Permission.AgreeTerms);

    public bool CanEvaluate => Scope.May(Permission.EvaluateGuarantees);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Guarantees = await guarantees.GetHistoryAsync(Scope, PartnershipId, cancellationToken);

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
