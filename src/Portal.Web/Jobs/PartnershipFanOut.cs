using Hangfire;

namespace Portal.Web.Jobs;

public static class PartnershipFanOut
{
    /// <summary>Queues one partnership's run of a fan-out job (the fan-out itself, and pages that offer "run now").</summary>
    public static string EnqueueFor<TJob>(this IBackgroundJobClient jobs, long partnershipId) where TJob : PartnershipFanOutJob<TJob> =>
        jobs.Enqueue<TJob>(j => j.RunForPartnershipAsync(partnershipId, CancellationToken.None));
}
