using Portal.Web.Hosting;
using Portal.Data.Notifications;

namespace Portal.Web.Jobs;

/// <summary>Keeps notification lists short: read notifications go after 90 days; unread ones stay until read.</summary>
public sealed class NotificationRetentionJob(NotificationStore notifications, TimeProvider clock, ILogger<NotificationRetentionJob> logger)
{
    public const string Id = "notification-retention";
    public static readonly TimeSpan Retention = TimeSpan.FromDays(90);

    // Idempotent: running it twice (Hangfire runs a job at least once) removes nothing more.
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var removed = await notifications.DeleteReadBeforeAsync(clock.GetUtcNow() - Retention, cancellationToken);
        logger.NotificationsRemoved(removed, Retention.TotalDays);
    }
}
