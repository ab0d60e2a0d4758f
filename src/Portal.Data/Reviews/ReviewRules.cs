using Portal.Data.Tenancy;
using Portal.Data.Users;

namespace Portal.Data.Reviews;

/// <summary>
/// Who does what in a review, and what a schedule must hold, as pure functions. A review is the two account leads'
/// meeting: a lead of either side (supplier admins and account leads, the customer's lead) schedules, opens, shapes
/// the agenda, closes and adds addenda; both companies' attendees and leads record notes, decisions and action items;
/// the customer's lead acknowledges the minutes. ERP clients and other people read what they can see and change
/// nothing.
/// </summary>
public static class ReviewRules
{
    public const int MaxText = 4000;
    public const int MaxTitle = 200;

    public static bool IsPerson(CallerScope scope) => scope.Kind == ActorKind.User;

    public static bool IsLead(CallerScope scope) =>
        IsPerson(scope) && scope.Role is PortalRole.Admin or PortalRole.AccountLead or PortalRole.CustomerLead;

    public static bool IsCustomer(CallerScope scope) => IsPerson(scope) && !scope.IsSupplier;

    public static string? WhyNotLead(CallerScope scope) =>
        IsLead(scope) ? null : "Only an account lead of either company schedules, opens, shapes and closes a review.";

    /// <summary>Null when the caller may write notes, decisions and action items: a lead of either side or an attendee.</summary>
    public static string? WhyNotRecord(CallerScope scope, bool isAttendee) =>
        IsLead(scope) || (IsPerson(scope) && isAttendee) ? null : "Only the review's attendees and the account leads record notes, decisions and action items.";

    /// <summary>Null when the caller may close or drop an action item: its owner or a lead of either side.</summary>
    public static string? WhyNotSettle(CallerScope scope, long ownerUserId) =>
        IsLead(scope) || (IsPerson(scope) && scope.ActorId == ownerUserId) ? null : "Only the owner or an account lead settles an action item.";

    public static string? WhyNotAcknowledge(CallerScope scope) =>
        IsCustomer(scope) && scope.Role == PortalRole.CustomerLead ? null : "Only the customer's lead acknowledges the minutes.";

    /// <summary>Null when a review in <paramref name="state"/> still takes changes to its agenda, notes and decisions.</summary>
    public static string? WhyNotEditable(ReviewState state) => state switch
    {
        ReviewState.Open => null,
        ReviewState.Closed => "The minutes are frozen: add an addendum instead.",
        ReviewState.Cancelled => "This review was cancelled.",
        _ => "Open the review first.",
    };

    public static TimeZoneInfo Zone(string id) => Tenancy.PortalTimeZones.Find(id);

    /// <summary>Field errors of a schedule; the instant it names (the local time read in its zone) when there are none.</summary>
    public static (Dictionary<string, string> Errors, DateTimeOffset StartsAt) Validate(ReviewSchedule input, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Trim().Length > MaxTitle)
        {
            errors["Title"] = $"Give the review a title of at most {MaxTitle} characters.";
        }
        var startsAt = default(DateTimeOffset);
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(input.TimeZone ?? "", out var zone))
        {
            errors["TimeZone"] = "Choose a time zone from the list.";
        }
        else
        {
            var local = DateTime.SpecifyKind(input.LocalStart, DateTimeKind.Unspecified);
            if (zone.IsInvalidTime(local))
            {
                errors["LocalStart"] = "That time does not exist in this time zone (the clocks skip it).";
            }
            else
            {
                startsAt = new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
                if (startsAt < now)
                {
                    errors["LocalStart"] = "Schedule the review in the future.";
                }
            }
        }
        if (input.DurationMinutes is < 15 or > 480)
        {
            errors["DurationMinutes"] = "A review lasts between 15 minutes and 8 hours.";
        }
        if (!string.IsNullOrWhiteSpace(input.VideoLink) && !IsWebLink(input.VideoLink))
        {
            errors["VideoLink"] = "The video link must be an http(s) address.";
        }
        if (input.AttendeeIds.Count == 0)
        {
            errors["AttendeeIds"] = "Choose the attendees.";
        }
        return (errors, startsAt);
    }

    public static Dictionary<string, string> Validate(NewActionItem input, DateOnly today)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Trim().Length > MaxTitle)
        {
            errors["Title"] = $"Say what is to be done, in at most {MaxTitle} characters.";
        }
        if (input.DueOn is not { } due)
        {
            errors["DueOn"] = "Give a due date.";
        }
        else if (due < today)
        {
            errors["DueOn"] = "The due date is in the past.";
        }
        if (!string.IsNullOrWhiteSpace(input.Link) && !input.Link.StartsWith('/') && !IsWebLink(input.Link))
        {
            errors["Link"] = "Link to a page of the portal (/p/...) or an http(s) address.";
        }
        return errors;
    }

    public static Dictionary<string, string>? TextError(string field, string? text, string message) =>
        string.IsNullOrWhiteSpace(text) || text.Length > MaxText ? new Dictionary<string, string> { [field] = message } : null;

    private static bool IsWebLink(string value) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
