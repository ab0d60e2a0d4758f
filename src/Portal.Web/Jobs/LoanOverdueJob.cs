using Hangfire;
using Portal.Data.Loans;
using Portal.Data.Tenancy;

namespace Portal.Web.Jobs;

/// <summary>
/// Daily: loans held past their end date become Return due and both account leads hear of each once. The recurring
/// run only fans out, one short job per partnership with such loans; each of those is idempotent (the alert's unique
/// key), so Hangfire's at-least-once runs, retries and a second node notify nobody twice.
/// </summary>
public sealed class LoanOverdueJob(LoanStore loans, IBackgroundJobClient jobs, TimeProvider clock, ILogger<LoanOverdueJob> logger)
{
    public const string Id = "loan-overdue";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var partnershipIds = await loans.PartnershipsWithOverdueLoansAsync(today, cancellationToken);
        foreach (var partnershipId in partnershipIds)
        {
            jobs.Enqueue<LoanOverdueJob>(j => j.CheckPartnershipAsync(partnershipId, CancellationToken.None));
        }
        logger.LogInformation("Loan overdue check queued for {Count} partnerships", partnershipIds.Count);
    }

    public async Task CheckPartnershipAsync(long partnershipId, CancellationToken cancellationToken)
    {
        var alerted = await loans.CheckOverdueAsync(CallerScope.ForSystem("Loan overdue check", partnershipId), partnershipId, cancellationToken);
        logger.LogInformation("Partnership {PartnershipId}: {Count} loans newly overdue", partnershipId, alerted);
    }
}
