namespace Portal.Data.Tenancy;

/// <summary>The time zones people and organisations choose from: IANA ids, which every node resolves the same way.</summary>
public static class PortalTimeZones
{
    public const string Utc = "UTC";

    /// <summary>The partnerships' companies are in Europe, North America and Japan; UTC for those who want no conversion.</summary>
    public static readonly IReadOnlyList<string> Offered =
    [
        "Europe/Berlin", "Europe/Stockholm", "Europe/London", "Europe/Paris", "Europe/Helsinki",
        "America/New_York", "America/Chicago", "America/Los_Angeles", "Asia/Tokyo", Utc,
    ];

    public static bool IsOffered(string? id) => id is not null && Offered.Contains(id);

    /// <summary>The zone of an id; UTC for an id this machine does not know, so that a page always renders.</summary>
    public static TimeZoneInfo Find(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
