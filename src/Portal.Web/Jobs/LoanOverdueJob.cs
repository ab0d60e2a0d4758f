using Hangfire;
using Portal.Data.Loans;
using Portal.Data.Tenancy;

namespace Portal.Web.Jobs;

/// <summary>
/// Daily: loans held past their end date become Return due and both account leads hear of each once (the alert's
/// unique key), in each partnership with such loans.
/// </summary>
public sealed class LoanOverdueJob(LoanStore loans, IBackgroundJobClient jobs, TimeProvider clock, ILogger<LoanOverdueJob> logger)
    : PartnershipFanOutJob<LoanOverdueJob>(Id, jobs, logger)
{
    public const string Id = "loan-overdue";

    protected override Task<IReadOnlyList<long>> PartnershipsAsync(CancellationToken cancellationToken) =>
        loans.PartnershipsWithOverdueLoansAsync(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), cancellationToken);

    protected override async Task<string> RunAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken) =>
        $"{await loans.CheckOverdueAsync(scope, partnershipId, cancellationToken)} loans newly overdue";
}
