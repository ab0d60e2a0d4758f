using Hangfire;
using Portal.Data.Reviews;
using Portal.Data.Tenancy;

namespace Portal.Web.Jobs;

/// <summary>
/// Daily: one short job per partnership with review action items due within three days or overdue, each telling the
/// owners once per notice. The notice table's key makes a re-run (or a second node) tell nobody twice.
/// </summary>
public sealed class ActionItemNoticesJob(ActionItemStore actionItems, IBackgroundJobClient jobs, ILogger<ActionItemNoticesJob> logger)
    : PartnershipFanOutJob<ActionItemNoticesJob>(Id, jobs, logger)
{
    public const string Id = "review-action-item-notices";

    protected override Task<IReadOnlyList<long>> PartnershipsAsync(CancellationToken cancellationToken) =>
        actionItems.PartnershipsWithDueItemsAsync(cancellationToken);

    protected override async Task<string> RunAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken) =>
        $"{await actionItems.SendDueNoticesAsync(scope, partnershipId, cancellationToken)} notices sent";
}
