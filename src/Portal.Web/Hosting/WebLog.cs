namespace Portal.Web.Hosting;

/// <summary>The web host's log lines, generated so that a disabled level costs no formatting on the request path.</summary>
internal static partial class WebLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "The client left {Method} {Path} before it was answered; its work was stopped.")]
    public static partial void ClientGone(this ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: the database could not do it now.")]
    public static partial void DatabaseBusy(this ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} could not be read: {Reason}")]
    public static partial void Unreadable(this ILogger logger, string method, string path, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {ActorId} invited an address that has an account in another organisation; answered as invited, with a link that cannot be used.")]
    public static partial void InvitedElsewhere(this ILogger logger, long? actorId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} read notifications older than {Days} days")]
    public static partial void NotificationsRemoved(this ILogger logger, int count, double days);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Job}: queued for {Count} partnerships")]
    public static partial void FanOutQueued(this ILogger logger, string job, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Job} for partnership {PartnershipId}: {Outcome}")]
    public static partial void FanOutRan(this ILogger logger, string job, long partnershipId, string outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Job}: {Month:yyyy-MM} computed for {Count} partnerships at once, {Alerts} health alerts raised")]
    public static partial void MonthComputedAtOnce(this ILogger logger, string job, DateOnly month, int count, int alerts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Empty database: seeding the demo partnerships")]
    public static partial void SeedingDemo(this ILogger logger);
}
