namespace Portal.Data.Audit;

public sealed record AuditEntry
{
    public long Id { get; init; }
    public long? PartnershipId { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public required string ActorKind { get; init; }
    public long? ActorId { get; init; }
    public required string ActorName { get; init; }
    public required string Entity { get; init; }
    public required string EntityId { get; init; }
    public required string Action { get; init; }
    public string? BeforeJson { get; init; }
    public string? AfterJson { get; init; }
    public string? Note { get; init; }
}

public sealed record AuditFilter(string? Entity, string? Action, string? Actor, DateOnly? From, DateOnly? To);
