using Hangfire;
using Portal.Data.Tenancy;
using Portal.Web.Hosting;

namespace Portal.Web.Jobs;

/// <summary>
/// The shape of every daily per-partnership job: the recurring run only lists the partnerships with work and queues
/// one short job each (<see cref="RunForPartnershipAsync"/>), so a slow partnership never holds the others and a
/// retry repeats one partnership's work. Each partnership's work must be idempotent (a unique key decides), because
/// Hangfire runs a job at least once and two nodes may both run it.
/// </summary>
public abstract class PartnershipFanOutJob<TJob>(string jobId, IBackgroundJobClient jobs, ILogger logger) where TJob : PartnershipFanOutJob<TJob>
{
    /// <summary>Who the trail says acted: the recurring job's id in words ("Guarantee evaluation").</summary>
    public string ActorName => char.ToUpperInvariant(jobId[0]) + jobId[1..].Replace('-', ' ');

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var partnershipIds = await PartnershipsAsync(cancellationToken);
        await BeforeFanOutAsync(partnershipIds, cancellationToken);
        foreach (var partnershipId in partnershipIds)
        {
            jobs.EnqueueFor<TJob>(partnershipId);
        }
        logger.FanOutQueued(jobId, partnershipIds.Count);
    }

    public async Task RunForPartnershipAsync(long partnershipId, CancellationToken cancellationToken)
    {
        var outcome = await RunAsync(CallerScope.ForSystem(ActorName, partnershipId), partnershipId, cancellationToken);
        logger.FanOutRan(jobId, partnershipId, outcome);
    }

    /// <summary>The partnerships that have work today: ids only.</summary>
    protected abstract Task<IReadOnlyList<long>> PartnershipsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Work done for all the partnerships at once before the fan-out, when doing it set-based is much cheaper than one
    /// partnership at a time; nothing unless a job says otherwise.
    /// </summary>
    protected virtual Task BeforeFanOutAsync(IReadOnlyList<long> partnershipIds, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>One partnership's work, as the system actor of this job; answers what it did, for the log.</summary>
    protected abstract Task<string> RunAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken);
}
