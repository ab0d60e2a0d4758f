using Portal.Data.Reviews;

namespace Portal.Data.Tests.Reviews;

public sealed class ReviewCalendarTests
{
    private static readonly Review Planned = new()
    {
        Id = 42, PartnershipId = 7, State = ReviewState.Scheduled, Title = "Quarterly review; Q1, plans", StartsAt = new DateTimeOffset(2026, 3, 9, 9, 0, 0, TimeSpan.Zero),
        TimeZone = "Europe/Berlin", DurationMinutes = 90, Place = "Room 4", VideoLink = "https://meet.example/q1", ScheduledByName = "Lou",
    };

    private static readonly ReviewAttendee[] Attendees = [new() { UserId = 3, DisplayName = "Ånna Ölund-Björkström with a very long name that needs folding somewhere" }];

    [Fact]
    public void The_event_is_valid_rfc5545_with_a_stable_uid_and_a_sequence_that_grows_on_reschedule()
    {
        var first = ReviewCalendar.Event(Planned, Attendees, "portal.example", "https://portal.example/p/7/reviews/42", Planned.StartsAt.AddDays(-7));
        var moved = ReviewCalendar.Event(Planned with { StartsAt = Planned.StartsAt.AddDays(1), Sequence = 1 }, Attendees, "portal.example", "https://portal.example/p/7/reviews/42", Planned.StartsAt);

        var properties = Unfold(first);
        var again = Unfold(moved);
        Assert.Equal(("BEGIN:VCALENDAR", "END:VCALENDAR"), (properties[0], properties[^1]));
        Assert.All(first.Split("\r\n").SkipLast(1), line => Assert.True(System.Text.Encoding.UTF8.GetByteCount(line) <= 75, line));
        Assert.DoesNotContain("\n", first.Replace("\r\n", "", StringComparison.Ordinal));
        Assert.Equal("UID:review-42@portal.example", Single(properties, "UID"));
        Assert.Equal(Single(properties, "UID"), Single(again, "UID"));
        Assert.Equal(("SEQUENCE:0", "SEQUENCE:1"), (Single(properties, "SEQUENCE"), Single(again, "SEQUENCE")));
        Assert.Equal(("DTSTART:20260309T090000Z", "DTEND:20260309T103000Z"), (Single(properties, "DTSTART"), Single(properties, "DTEND")));
        Assert.Equal("DTSTART:20260310T090000Z", Single(again, "DTSTART"));
        Assert.Equal(@"SUMMARY:Quarterly review\; Q1\, plans", Single(properties, "SUMMARY"));
        Assert.Contains("Ånna Ölund-Björkström with a very long name that needs folding somewhere", Single(properties, "ATTENDEE"));
    }

    [Fact]
    public void A_cancelled_review_cancels_the_same_event()
    {
        var text = Unfold(ReviewCalendar.Event(Planned with { State = ReviewState.Cancelled, Sequence = 2 }, [], "portal.example", "https://portal.example/", Planned.StartsAt));

        Assert.Equal(("METHOD:CANCEL", "STATUS:CANCELLED", "UID:review-42@portal.example"), (Single(text, "METHOD"), Single(text, "STATUS"), Single(text, "UID")));
    }

    // RFC 5545 §3.1: a CRLF followed by one space continues the previous line.
    private static List<string> Unfold(string text) => [.. text.Replace("\r\n ", "", StringComparison.Ordinal).Split("\r\n", StringSplitOptions.RemoveEmptyEntries)];

    private static string Single(List<string> lines, string name) => Assert.Single(lines, l => l.StartsWith(name + ":", StringComparison.Ordinal) || l.StartsWith(name + ";", StringComparison.Ordinal));
}
