using Hangfire;
using Portal.Data.Scorecards;
using Portal.Data.Tenancy;
using Portal.Web.Hosting;

namespace Portal.Web.Jobs;

/// <summary>
/// Daily: first the month just closed for every partnership at once, set-based (<see cref="ScorecardCalculator.ComputeMonthAsync"/>,
/// a chunk of partnerships a transaction); then one short job per partnership, each computing the older closed months
/// that have no scorecard yet (a catch-up, so a missed night or a process down on the 1st loses no month, and a failed
/// set-based step is made good partnership by partnership). Hangfire runs a job at least once and two nodes may both
/// run it; the snapshot's unique key (partnership, month, revision) lets one of them store each month.
/// </summary>
public sealed class ScorecardJob(ScorecardStore scorecards, ScorecardCalculator calculator, IBackgroundJobClient jobs, ILogger<ScorecardJob> logger)
    : PartnershipFanOutJob<ScorecardJob>(Id, jobs, logger)
{
    public const string Id = "partnership-scorecards";

    protected override Task<IReadOnlyList<long>> PartnershipsAsync(CancellationToken cancellationToken) =>
        scorecards.GetPartnershipIdsAsync(cancellationToken);

    protected override async Task BeforeFanOutAsync(IReadOnlyList<long> partnershipIds, CancellationToken cancellationToken)
    {
        var month = calculator.LastClosedMonth;
        var summary = await calculator.ComputeMonthAsync(CallerScope.ForSystem(ActorName, [.. partnershipIds]), partnershipIds, month, cancellationToken);
        logger.MonthComputedAtOnce(Id, month, summary.MonthsComputed, summary.AlertsRaised);
    }

    protected override async Task<string> RunAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken)
    {
        var summary = await calculator.CatchUpAsync(scope, partnershipId, cancellationToken);
        return $"{summary.MonthsComputed} months computed, {summary.AlertsRaised} health alerts raised";
    }
}
