namespace Portal.Data.Notifications;

public sealed record Notification
{
    public long Id { get; init; }
    public long UserId { get; init; }
    public long? PartnershipId { get; init; }

    /// <summary>A person in several partnerships reads which one the news is about; filled by the list, not by marking read.</summary>
    public string? PartnershipName { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public required string Title { get; init; }
    public required string Body { get; init; }
    /// <summary>The path rows written before migration 0017 carry; newer rows name their <see cref="Target"/> instead.</summary>
    public string? Link { get; init; }
    public string? Entity { get; init; }
    public long? EntityId { get; init; }
    public DateTimeOffset? ReadAt { get; init; }

    public NotificationTarget? Target => Entity is null ? null : new NotificationTarget(Entity, EntityId);
}
