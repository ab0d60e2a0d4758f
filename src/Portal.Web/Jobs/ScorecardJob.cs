using Hangfire;
using Portal.Data.Scorecards;
using Portal.Data.Tenancy;

namespace Portal.Web.Jobs;

/// <summary>
/// Daily: one short job per partnership, each computing the closed months that have no scorecard yet (a catch-up, so a
/// missed night or a process down on the 1st loses no month). Hangfire runs a job at least once and two nodes may both
/// run it; the snapshot's unique key (partnership, month, revision) lets one of them store each month.
/// </summary>
public sealed class ScorecardJob(ScorecardStore scorecards, ScorecardCalculator calculator, IBackgroundJobClient jobs, ILogger<ScorecardJob> logger)
{
    public const string Id = "partnership-scorecards";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var partnershipIds = await scorecards.GetPartnershipIdsAsync(cancellationToken);
        foreach (var partnershipId in partnershipIds)
        {
            Enqueue(jobs, partnershipId);
        }
        logger.LogInformation("Scorecards queued for {Count} partnerships", partnershipIds.Count);
    }

    public async Task ComputePartnershipAsync(long partnershipId, CancellationToken cancellationToken)
    {
        var summary = await calculator.CatchUpAsync(CallerScope.ForSystem(Id, partnershipId), partnershipId, cancellationToken);
        logger.LogInformation("Scorecards of partnership {PartnershipId}: {Months} months computed, {Alerts} health alerts raised",
            partnershipId, summary.MonthsComputed, summary.AlertsRaised);
    }

    /// <summary>Queues one partnership's catch-up (the daily fan-out, and "Run now" on the portfolio page).</summary>
    public static string Enqueue(IBackgroundJobClient jobs, long partnershipId) =>
        jobs.Enqueue<ScorecardJob>(j => j.ComputePartnershipAsync(partnershipId, CancellationToken.None));
}
