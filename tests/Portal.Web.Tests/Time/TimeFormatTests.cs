using Portal.Web.Time;

namespace Portal.Web.Tests.Time;

public sealed class TimeFormatTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    [Fact]
    public void An_instant_is_written_in_the_readers_zone_and_names_it()
    {
        var due = new DateTimeOffset(2026, 12, 3, 10, 22, 0, TimeSpan.Zero);

        Assert.Equal("3 Dec 2026 11:22 (Europe/Berlin)", TimeFormat.At(due, Berlin));
        Assert.Equal("3 Dec 2026 19:22 (Asia/Tokyo)", TimeFormat.At(due, Tokyo));
        Assert.Equal("3 Dec 2026 10:22 (UTC)", TimeFormat.At(due, TimeZoneInfo.Utc));
    }

    [Fact]
    public void A_date_has_no_time_and_an_instants_date_is_the_readers_day()
    {
        Assert.Equal("3 Dec 2026", TimeFormat.Date(new DateOnly(2026, 12, 3)));
        var lateEvening = new DateTimeOffset(2026, 12, 3, 20, 0, 0, TimeSpan.Zero);
        Assert.Equal("4 Dec 2026", TimeFormat.Date(lateEvening, Tokyo));
        Assert.Equal("3 Dec 2026", TimeFormat.Date(lateEvening, Berlin));
        Assert.Equal(new DateOnly(2026, 12, 3), TimeFormat.DayBefore(new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Across_the_spring_change_the_offset_follows_the_date()
    {
        // Berlin moves from +01:00 to +02:00 at 01:00 UTC on 29 March 2026.
        Assert.Equal("29 Mar 2026 01:59 (Europe/Berlin)", TimeFormat.At(new DateTimeOffset(2026, 3, 29, 0, 59, 0, TimeSpan.Zero), Berlin));
        Assert.Equal("29 Mar 2026 03:00 (Europe/Berlin)", TimeFormat.At(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), Berlin));
    }

    [Fact]
    public void A_local_input_is_read_in_the_zone_and_shown_back_the_same()
    {
        var winter = new DateTime(2026, 12, 3, 11, 22, 0);
        var summer = new DateTime(2026, 7, 3, 11, 22, 0);

        Assert.Equal(new DateTimeOffset(2026, 12, 3, 10, 22, 0, TimeSpan.Zero), TimeFormat.FromLocal(winter, Berlin));
        Assert.Equal(new DateTimeOffset(2026, 7, 3, 9, 22, 0, TimeSpan.Zero), TimeFormat.FromLocal(summer, Berlin));
        Assert.Equal("2026-12-03T11:22", TimeFormat.Input(TimeFormat.FromLocal(winter, Berlin), Berlin));
    }

    [Fact]
    public void A_skipped_local_time_lands_after_the_gap_and_a_repeated_one_is_its_first_occurrence()
    {
        // 02:30 does not exist on 29 March 2026 in Berlin; it happens twice on 25 October 2026.
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero), TimeFormat.FromLocal(new DateTime(2026, 3, 29, 2, 30, 0), Berlin));
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), TimeFormat.FromLocal(new DateTime(2026, 10, 25, 2, 30, 0), Berlin));
    }
}
