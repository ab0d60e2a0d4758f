using Hangfire;
using Portal.Data.Reviews;
using Portal.Data.Tenancy;

namespace Portal.Web.Jobs;

/// <summary>
/// Daily: one short job per partnership with review action items due within three days or overdue, each telling the
/// owners once per notice. The notice table's key makes a re-run (or a second node) tell nobody twice.
/// </summary>
public sealed class ActionItemNoticesJob(ActionItemStore actionItems, IBackgroundJobClient jobs, ILogger<ActionItemNoticesJob> logger)
{
    public const string Id = "review-action-item-notices";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var partnershipId in await actionItems.PartnershipsWithDueItemsAsync(cancellationToken))
        {
            jobs.Enqueue<ActionItemNoticesJob>(j => j.NotifyPartnershipAsync(partnershipId, CancellationToken.None));
        }
    }

    public async Task NotifyPartnershipAsync(long partnershipId, CancellationToken cancellationToken)
    {
        var sent = await actionItems.SendDueNoticesAsync(CallerScope.ForSystem(Id, partnershipId), partnershipId, cancellationToken);
        logger.LogInformation("Action item notices of partnership {PartnershipId}: {Sent} sent", partnershipId, sent);
    }
}
