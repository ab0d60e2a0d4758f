namespace Portal.Data.ChangeFeed;

/// <summary>The "Portal:ChangeFeed" configuration section.</summary>
public sealed class ChangeFeedOptions
{
    /// <summary>How long entries stay in the feed; a follower further behind must resync from the records themselves.</summary>
    public int RetentionDays { get; set; } = 90;

    public TimeSpan Retention => TimeSpan.FromDays(RetentionDays);
}
