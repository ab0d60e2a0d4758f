using System.Data.Common;
using System.Globalization;
using Portal.Data.Changes;
using Portal.Data.Audit;
using Portal.Data.ChangeFeed;
using Portal.Data.Database;
using Portal.Data.Notifications;
using Portal.Data.Tenancy;

namespace Portal.Data.Changes;

/// <summary>
/// The one way a store records a change: the trail row, the feed entry (the kind's projection, for kinds an ERP
/// follows) and the notifications, all in the store's transaction, so they commit or roll back with the change.
/// See docs/changes.md.
/// </summary>
public sealed class ChangeRecorder(AuditTrail audit, ChangeFeedWriter feed, NotificationStore notifications)
{
    /// <summary>A recorder on a clock of its own, for code that builds stores by hand (the demo seed writes history at past times).</summary>
    public static ChangeRecorder On(PortalDatabase database, TimeProvider clock) => new(new AuditTrail(clock), new ChangeFeedWriter(clock), new NotificationStore(database, clock));

    public async Task RecordAsync<TAction, TState>(DbConnection connection, DbTransaction transaction, CallerScope actor, Change<TAction, TState> change,
        CancellationToken cancellationToken)
        where TAction : struct, Enum
        where TState : class
    {
        var kind = change.Kind;
        var action = change.Action.ToString();
        await audit.RecordAsync(connection, transaction, actor, change.PartnershipId, kind.Entity, change.EntityId, action, change.Before, change.After,
            change.Note, cancellationToken);
        // A change with no state after it (a comment) leaves the record as it was: the follower has nothing new to read.
        if (kind.Feed is { } entity && change.After is { } state && kind.Project(state) is { } projection)
        {
            var partnershipId = change.PartnershipId ?? throw new InvalidOperationException($"A {kind.Entity} change reaches a partnership's feed, so it needs the partnership.");
            await feed.AppendAsync(connection, transaction, partnershipId, entity, long.Parse(change.EntityId, CultureInfo.InvariantCulture), action,
                projection, cancellationToken);
        }
        // Nobody is told of what they did themselves.
        var told = change.Notice?.UserIds.Where(id => actor.Kind != ActorKind.User || id != actor.ActorId).ToList() ?? [];
        if (change.Notice is { } notice && told.Count > 0 && change.PartnershipId is { } partnership)
        {
            await notifications.NotifyAsync(connection, transaction, partnership, told, notice.Title, notice.Body,
                NotificationTarget.Of(kind.Entity, change.EntityId), cancellationToken);
        }
    }
}
