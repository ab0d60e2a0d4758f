using Portal.Data.Notifications;

namespace Portal.Data.Profiles;

/// <summary>
/// A person's own settings: their time zone (null follows their organisation's) and how they want each kind of notice
/// (a kind not listed comes to the portal).
/// </summary>
public sealed record Profile(long UserId, string DisplayName, string Email, string OrganisationName, string? TimeZone, string OrganisationTimeZone,
    IReadOnlyDictionary<string, NoticeDelivery> Deliveries)
{
    public string EffectiveTimeZone => TimeZone ?? OrganisationTimeZone;

    public NoticeDelivery DeliveryOf(string kind) => Deliveries.TryGetValue(kind, out var delivery) ? delivery : NoticeDelivery.Portal;
}
