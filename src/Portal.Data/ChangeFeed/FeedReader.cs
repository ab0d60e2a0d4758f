namespace Portal.Data.ChangeFeed;

/// <summary>One ERP client of a partnership and how far behind the feed's head it is.</summary>
public sealed record FeedReader
{
    public required string ClientId { get; init; }
    public required string DisplayName { get; init; }
    public bool IsRevoked { get; init; }
    public long Head { get; init; }

    /// <summary>The last position delivered to the client; null when it has never read the feed.</summary>
    public long? LastPosition { get; init; }
    public DateTimeOffset? LastReadAt { get; init; }

    /// <summary>Changes committed that the client has not received yet.</summary>
    public long Lag => Math.Max(0, Head - (LastPosition ?? 0));
}
