using System.Globalization;

namespace Portal.Web.Time;

/// <summary>
/// The portal's one way of writing dates and times: a date as "3 Dec 2026", an instant as "3 Dec 2026 11:22 (Europe/Berlin)"
/// in the reader's zone, named so that two readers in two zones never take each other's times for their own. Forms take
/// the same local wall time (a datetime-local input) and <see cref="FromLocal"/> turns it back into the instant.
/// </summary>
public static class TimeFormat
{
    private const string DatePattern = "d MMM yyyy";
    private const string InputPattern = "yyyy-MM-dd'T'HH:mm";

    public static string Date(DateOnly day) => day.ToString(DatePattern, CultureInfo.InvariantCulture);

    /// <summary>The instant's date in the zone, for instants whose day is what matters (raised on, decided on).</summary>
    public static string Date(DateTimeOffset instant, TimeZoneInfo zone) => Date(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime));

    /// <summary>The day that a date-only due value, kept as the instant the next day starts (UTC), names.</summary>
    public static DateOnly DayBefore(DateTimeOffset startOfDayAfter) => DateOnly.FromDateTime(startOfDayAfter.UtcDateTime.AddTicks(-1));

    public static string At(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString(DatePattern + " HH:mm", CultureInfo.InvariantCulture) + $" ({zone.Id})";

    /// <summary>The value of a datetime-local input showing the instant in the zone.</summary>
    public static string Input(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone).ToString(InputPattern, CultureInfo.InvariantCulture);

    /// <summary>
    /// The instant a wall time names in the zone. A time the clocks skip (spring forward) is read with the offset before
    /// the change, so it lands just after the gap; a time that happens twice (fall back) is its first occurrence.
    /// </summary>
    public static DateTimeOffset FromLocal(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max()
            : zone.IsInvalidTime(local) ? zone.GetUtcOffset(local.AddHours(-3))
            : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
