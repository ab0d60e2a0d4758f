using Hangfire;
using Portal.Data.Guarantees;
using Portal.Data.Tenancy;

namespace Portal.Web.Jobs;

/// <summary>
/// Daily: one short job per partnership that has guarantees, each judging that partnership's closed periods.
/// Hangfire runs a job at least once and two nodes may both run it; the evaluation is idempotent by its unique keys.
/// </summary>
public sealed class GuaranteeEvaluationJob(GuaranteeStore guarantees, GuaranteeEvaluator evaluator, IBackgroundJobClient jobs, ILogger<GuaranteeEvaluationJob> logger)
{
    public const string Id = "guarantee-evaluation";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var partnershipId in await guarantees.GetPartnershipsWithGuaranteesAsync(cancellationToken))
        {
            Enqueue(jobs, partnershipId);
        }
    }

    public async Task EvaluatePartnershipAsync(long partnershipId, CancellationToken cancellationToken)
    {
        var summary = await evaluator.EvaluatePartnershipAsync(CallerScope.ForSystem(Id, partnershipId), partnershipId, cancellationToken);
        logger.LogInformation("Guarantees of partnership {PartnershipId}: {Periods} periods evaluated, {Credits} credits issued",
            partnershipId, summary.PeriodsEvaluated, summary.CreditsIssued);
    }

    /// <summary>Queues one partnership's evaluation (the daily fan-out, and "Evaluate now" on the guarantees page).</summary>
    public static string Enqueue(IBackgroundJobClient jobs, long partnershipId) =>
        jobs.Enqueue<GuaranteeEvaluationJob>(j => j.EvaluatePartnershipAsync(partnershipId, CancellationToken.None));
}
