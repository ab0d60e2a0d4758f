using Portal.Data.Audit;
using Portal.Data.Reviews.Agenda;

namespace Portal.Data.Reviews;

public enum ReviewState
{
    Scheduled,
    Open,
    Closed,
    Cancelled,
}

public enum ActionItemState
{
    Open,
    Done,
    Dropped,
}

/// <summary>A review meeting of one partnership. <see cref="StartsAt"/> is the instant; <see cref="TimeZone"/> says how to show it.</summary>
public sealed record Review
{
    public long Id { get; init; }
    public long PartnershipId { get; init; }
    public ReviewState State { get; init; }
    public required string Title { get; init; }
    public DateTimeOffset StartsAt { get; init; }
    public required string TimeZone { get; init; }
    public int DurationMinutes { get; init; }
    public string Place { get; init; } = "";
    public string VideoLink { get; init; } = "";
    public int Sequence { get; init; }
    public required string ScheduledByName { get; init; }
    public DateTimeOffset ScheduledAt { get; init; }
    public DateTimeOffset? OpenedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public string? ClosedByName { get; init; }
    public DateTimeOffset? CancelledAt { get; init; }
    public string? CancelReason { get; init; }
    public DateTimeOffset? AcknowledgedAt { get; init; }
    public string? AcknowledgedByName { get; init; }

    public DateTimeOffset EndsAt => StartsAt.AddMinutes(DurationMinutes);

    /// <summary>The start as the meeting's own clock shows it.</summary>
    public DateTimeOffset LocalStart => TimeZoneInfo.ConvertTime(StartsAt, ReviewRules.Zone(TimeZone));
}

public sealed record ReviewAttendee
{
    public long UserId { get; init; }
    public required string DisplayName { get; init; }
    public bool IsSupplier { get; init; }
}

/// <summary>One agenda item: where it came from (a record of the partnership, an earlier action item, or a lead's hand), and its notes.</summary>
public sealed record AgendaItem
{
    public long Id { get; init; }
    public long ReviewId { get; init; }
    public int Position { get; init; }
    public AgendaSourceKind SourceKind { get; init; }
    public string? SourceEntity { get; init; }
    public long? SourceId { get; init; }
    public required string Title { get; init; }
    public string Detail { get; init; } = "";
    public int CarriedCount { get; init; }
    public string? SkippedReason { get; init; }
    public string Notes { get; init; } = "";
    public int Version { get; init; }
    public string? UpdatedByName { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}

public sealed record Decision
{
    public long Id { get; init; }
    public long AgendaItemId { get; init; }
    public required string Text { get; init; }
    public required string DecidedByName { get; init; }
    public bool DecidedByCustomer { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
}

public sealed record ActionItem
{
    public long Id { get; init; }
    public long PartnershipId { get; init; }
    public long ReviewId { get; init; }
    public long AgendaItemId { get; init; }
    public required string Title { get; init; }
    public long OwnerUserId { get; init; }
    public string OwnerName { get; init; } = "";
    public bool OwnerCustomer { get; init; }
    public DateOnly DueOn { get; init; }
    public string? Link { get; init; }
    public ActionItemState State { get; init; }
    public string? DropReason { get; init; }
    public int CarriedCount { get; init; }
    public required string CreatedByName { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public string? ClosedByName { get; init; }

    public bool IsOverdueOn(DateOnly today) => State == ActionItemState.Open && DueOn < today;
}

public sealed record Addendum
{
    public long Id { get; init; }
    public required string Text { get; init; }
    public required string AuthorName { get; init; }
    public DateTimeOffset AddedAt { get; init; }
}

/// <summary>Everything the meeting page shows: the review, who attends, the agenda with what was said and decided on each item.</summary>
public sealed record ReviewMeeting(Review Review, IReadOnlyList<ReviewAttendee> Attendees, IReadOnlyList<AgendaItem> Agenda, IReadOnlyList<Decision> Decisions,
    IReadOnlyList<ActionItem> ActionItems, IReadOnlyList<Addendum> Addenda, ReviewMinutes? Minutes);

/// <summary>What a lead enters to schedule or reschedule a review: a local date and time in an IANA zone.</summary>
public sealed record ReviewSchedule(string Title, DateTime LocalStart, string TimeZone, int DurationMinutes, string Place, string VideoLink, IReadOnlyList<long> AttendeeIds, IReadOnlyList<string>? ExtraItems = null);

public sealed record NewActionItem(string Title, long OwnerUserId, DateOnly? DueOn, string? Link);

/// <summary>Reviews of a partnership for the list: the coming ones soonest first, the past ones latest first.</summary>
public sealed record ReviewList(IReadOnlyList<Review> Upcoming, Page<Review> Past);
