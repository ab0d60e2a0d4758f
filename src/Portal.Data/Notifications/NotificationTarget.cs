using System.Globalization;

namespace Portal.Data.Notifications;

/// <summary>
/// What a notification is about: an entity (a <see cref="Changes.ChangeKind.Entity"/> name) and its id, or the
/// entity's page of the partnership when the id is null. The web layer turns it into a link; the data layer never
/// builds URLs.
/// </summary>
public sealed record NotificationTarget(string Entity, long? EntityId)
{
    /// <summary>A target from a trail key: numeric keys are ids, others (a severity's target) point at the entity's page.</summary>
    public static NotificationTarget Of(string entity, string key) =>
        new(entity, long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null);
}
