using Hangfire;
using Microsoft.AspNetCore.Mvc;
using Portal.Data.Guarantees;
using Portal.Data.Users;
using Portal.Web.Jobs;

namespace Portal.Web.Pages.Guarantees;

/// <summary>Both sides see every guarantee with its results period by period and the credits they produced.</summary>
public sealed class IndexModel(GuaranteeStore guarantees, IBackgroundJobClient jobs) : PartnershipPageModel
{
    public IReadOnlyList<GuaranteeHistory> Guarantees { get; private set; } = [];

    public bool CanEdit => Scope.IsSupplier && Scope.Role is PortalRole.Admin or PortalRole.AccountLead;

    public bool CanEvaluate => Scope.IsSupplier && Scope.Role == PortalRole.Admin;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Guarantees = await guarantees.GetHistoryAsync(Scope, PartnershipId, cancellationToken);

    /// <summary>Queues the partnership's evaluation now instead of waiting for the daily run; it is idempotent, so a double click does no harm.</summary>
    public IActionResult OnPostEvaluate()
    {
        if (!CanEvaluate)
        {
            return Forbid();
        }
        GuaranteeEvaluationJob.Enqueue(jobs, PartnershipId);
        TempData["Status"] = "Evaluation queued. Reload in a moment to see new results.";
        return RedirectToPage();
    }
}
