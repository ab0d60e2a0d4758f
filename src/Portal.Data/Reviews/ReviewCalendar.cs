using System.Globalization;
using System.Text;

namespace Portal.Data.Reviews;

/// <summary>
/// A review as one RFC 5545 event. The UID names the review and the portal, so every download (first invitation,
/// reschedule, cancellation) is the same event to a calendar; SEQUENCE grows with each reschedule so the newer one wins.
/// Times are written in UTC, which every calendar reads without a VTIMEZONE block.
/// </summary>
public static class ReviewCalendar
{
    public static string Uid(Review review, string host) => $"review-{review.Id}@{host}";

    public static string Event(Review review, IReadOnlyList<ReviewAttendee> attendees, string host, string url, DateTimeOffset stamp)
    {
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Partner Portal//Reviews//EN",
            "CALSCALE:GREGORIAN",
            $"METHOD:{(review.State == ReviewState.Cancelled ? "CANCEL" : "PUBLISH")}",
            "BEGIN:VEVENT",
            $"UID:{Uid(review, host)}",
            $"SEQUENCE:{review.Sequence}",
            $"DTSTAMP:{Utc(stamp)}",
            $"DTSTART:{Utc(review.StartsAt)}",
            $"DTEND:{Utc(review.EndsAt)}",
            $"SUMMARY:{Escape(review.Title)}",
            $"LOCATION:{Escape(string.IsNullOrWhiteSpace(review.Place) ? review.VideoLink : review.Place)}",
            $"DESCRIPTION:{Escape($"Review meeting ({review.TimeZone}). Agenda and minutes: {url}{(review.VideoLink.Length > 0 ? $"\nVideo: {review.VideoLink}" : "")}")}",
            $"URL:{url}",
            $"STATUS:{(review.State == ReviewState.Cancelled ? "CANCELLED" : "CONFIRMED")}",
        };
        lines.AddRange(attendees.Select(a => $"ATTENDEE;CN={Escape(a.DisplayName).Replace(":", "", StringComparison.Ordinal)};ROLE=REQ-PARTICIPANT:urn:portal:user:{a.UserId}"));
        lines.Add("END:VEVENT");
        lines.Add("END:VCALENDAR");
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            Fold(text, line);
        }
        return text.ToString();
    }

    private static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string Escape(string value) => value
        .Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal)
        .Replace("\r\n", "\\n", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Content lines end in CRLF and are folded at 75 octets, never inside a UTF-8 sequence (RFC 5545 §3.1).</summary>
    private static void Fold(StringBuilder text, string line)
    {
        var octets = 0;
        var limit = 75;
        foreach (var rune in line.EnumerateRunes())
        {
            var length = rune.Utf8SequenceLength;
            if (octets + length > limit)
            {
                text.Append("\r\n ");
                octets = 0;
                limit = 74;
            }
            text.Append(rune.ToString());
            octets += length;
        }
        text.Append("\r\n");
    }
}
