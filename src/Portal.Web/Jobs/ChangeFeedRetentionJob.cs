using Hangfire;
using Portal.Data.ChangeFeed;
using Portal.Data.Tenancy;

namespace Portal.Web.Jobs;

/// <summary>
/// Keeps the change feed to its retention (Portal:ChangeFeed:RetentionDays): each partnership with old entries has them
/// deleted and its pruned_through raised in one transaction; followers behind that are told to resync rather than
/// missing changes. Idempotent: a second run finds nothing older than the cutoff that is still there.
/// </summary>
public sealed class ChangeFeedRetentionJob(ChangeFeedStore feed, ChangeFeedOptions options, TimeProvider clock, IBackgroundJobClient jobs, ILogger<ChangeFeedRetentionJob> logger)
    : PartnershipFanOutJob<ChangeFeedRetentionJob>(Id, jobs, logger)
{
    public const string Id = "change-feed-retention";

    protected override Task<IReadOnlyList<long>> PartnershipsAsync(CancellationToken cancellationToken) => feed.PartnershipsWithEntriesBeforeAsync(Cutoff, cancellationToken);

    protected override async Task<string> RunAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken) =>
        $"{await feed.PruneAsync(scope, partnershipId, Cutoff, cancellationToken)} entries pruned";

    private DateTimeOffset Cutoff => clock.GetUtcNow() - options.Retention;
}
