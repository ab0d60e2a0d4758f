namespace Portal.Data.ChangeFeed;

/// <summary>
/// One change as the customer's ERP receives it. <see cref="DataJson"/> is the record's customer-visible
/// state after the change (never internal notes), so a follower needs no second call.
/// </summary>
public sealed record ChangeFeedEntry
{
    public long PartnershipId { get; init; }
    public long Position { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public FeedEntity Entity { get; init; }
    public long EntityId { get; init; }
    public required string Change { get; init; }
    public required string DataJson { get; init; }
}
