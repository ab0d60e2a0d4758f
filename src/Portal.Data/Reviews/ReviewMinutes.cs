namespace Portal.Data.Reviews;

/// <summary>
/// The minutes as frozen when the review closed: stored once as JSON on the review and never rewritten, so that what both
/// companies read, print and download is what was recorded, whatever happens to the live records afterwards.
/// </summary>
public sealed record ReviewMinutes(
    string Title,
    DateTimeOffset StartsAt,
    string TimeZone,
    string Place,
    string VideoLink,
    DateTimeOffset ClosedAt,
    string ClosedByName,
    IReadOnlyList<MinutesAttendee> Attendees,
    IReadOnlyList<MinutesItem> Items);

public sealed record MinutesAttendee(string Name, string Company);

public sealed record MinutesItem(int Number, string Title, string Detail, int CarriedCount, string? SkippedReason, string Notes,
    IReadOnlyList<MinutesDecision> Decisions, IReadOnlyList<MinutesAction> Actions);

public sealed record MinutesDecision(string Text, string DecidedBy, string Company);

public sealed record MinutesAction(long Id, string Title, string Owner, string Company, DateOnly DueOn, string State, string? Link);
