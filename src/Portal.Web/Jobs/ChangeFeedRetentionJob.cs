using Hangfire;
using Portal.Data.ChangeFeed;
using Portal.Data.Tenancy;

namespace Portal.Web.Jobs;

/// <summary>
/// Keeps the change feed to its retention (Portal:ChangeFeed:RetentionDays): the daily run hands each partnership
/// with old entries a job of its own, which deletes them and raises the partnership's pruned_through in one
/// transaction. Followers behind that are told to resync rather than missing changes.
/// </summary>
public sealed class ChangeFeedRetentionJob(ChangeFeedStore feed, ChangeFeedOptions options, TimeProvider clock, IBackgroundJobClient jobs, ILogger<ChangeFeedRetentionJob> logger)
{
    public const string Id = "change-feed-retention";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var partnerships = await feed.PartnershipsWithEntriesBeforeAsync(Cutoff, cancellationToken);
        foreach (var partnershipId in partnerships)
        {
            jobs.Enqueue<ChangeFeedRetentionJob>(j => j.PruneAsync(partnershipId, CancellationToken.None));
        }
        logger.LogInformation("Change feed retention: {Count} partnerships have entries older than {Days} days", partnerships.Count, options.RetentionDays);
    }

    // Idempotent: a second run finds nothing older than the cutoff that is still there.
    public async Task PruneAsync(long partnershipId, CancellationToken cancellationToken)
    {
        var removed = await feed.PruneAsync(CallerScope.ForSystem(Id, partnershipId), partnershipId, Cutoff, cancellationToken);
        logger.LogInformation("Pruned {Count} change feed entries of partnership {PartnershipId}", removed, partnershipId);
    }

    private DateTimeOffset Cutoff => clock.GetUtcNow() - options.Retention;
}
