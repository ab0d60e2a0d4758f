using Hangfire;
using Portal.Data.Guarantees;
using Portal.Data.Tenancy;

namespace Portal.Web.Jobs;

/// <summary>Daily: each partnership that has guarantees has its closed periods judged; idempotent by the evaluation's unique keys.</summary>
public sealed class GuaranteeEvaluationJob(GuaranteeStore guarantees, GuaranteeEvaluator evaluator, IBackgroundJobClient jobs, ILogger<GuaranteeEvaluationJob> logger)
    : PartnershipFanOutJob<GuaranteeEvaluationJob>(Id, jobs, logger)
{
    public const string Id = "guarantee-evaluation";

    protected override Task<IReadOnlyList<long>> PartnershipsAsync(CancellationToken cancellationToken) =>
        guarantees.GetPartnershipsWithGuaranteesAsync(cancellationToken);

    protected override async Task<string> RunAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken)
    {
        var summary = await evaluator.EvaluatePartnershipAsync(scope, partnershipId, cancellationToken);
        return $"{summary.PeriodsEvaluated} periods evaluated, {summary.CreditsIssued} credits issued";
    }
}
