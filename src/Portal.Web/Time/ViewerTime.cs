using Portal.Data.Tenancy;
using Portal.Web.Identity;

namespace Portal.Web.Time;

/// <summary>
/// Dates and times for the person reading this request, in their zone (<see cref="CallerScope.TimeZone"/>): what pages
/// inject to show or read a time. A request without a signed-in person reads UTC.
/// </summary>
public sealed class ViewerTime(CallerContext caller)
{
    public TimeZoneInfo Zone => PortalTimeZones.Find(caller.Resolved?.TimeZone ?? PortalTimeZones.Utc);

    public string At(DateTimeOffset instant) => TimeFormat.At(instant, Zone);

    public string At(DateTimeOffset? instant, string none) => instant is { } at ? At(at) : none;

    public string Date(DateTimeOffset instant) => TimeFormat.Date(instant, Zone);

    public string Date(DateTimeOffset? instant, string none) => instant is { } at ? Date(at) : none;

    /// <summary>A date-only value (a due day, a period's end) is the same day everywhere: no zone, no time.</summary>
    public string Date(DateOnly day) => TimeFormat.Date(day);

    public string Date(DateOnly? day, string none) => day is { } d ? Date(d) : none;

    public string Input(DateTimeOffset instant) => TimeFormat.Input(instant, Zone);

    public DateTimeOffset FromLocal(DateTime local) => TimeFormat.FromLocal(local, Zone);
}
