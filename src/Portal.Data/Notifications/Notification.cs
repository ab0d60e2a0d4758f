namespace Portal.Data.Notifications;

public sealed record Notification
{
    public long Id { get; init; }
    public long UserId { get; init; }
    public long? PartnershipId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public required string Title { get; init; }
    public required string Body { get; init; }
    public string? Link { get; init; }
    public DateTimeOffset? ReadAt { get; init; }
}
