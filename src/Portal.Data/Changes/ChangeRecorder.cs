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
        await NotifyAsync(connection, transaction, actor, change, cancellationToken);
    }

    /// <summary>
    /// Changes to records of several partnerships, at most one a partnership, in one statement for the trail and one for
    /// the feed (a set-based job's batch); notices, when a change has one, go out one by one as in <see cref="RecordAsync"/>.
    /// </summary>
    public async Task RecordManyAsync<TAction, TState>(DbConnection connection, DbTransaction transaction, Dialect dialect, CallerScope actor,
        IReadOnlyList<Change<TAction, TState>> changes, CancellationToken cancellationToken)
        where TAction : struct, Enum
        where TState : class
    {
        await audit.RecordManyAsync(connection, transaction, dialect, actor,
            changes.Select(c => (c.PartnershipId, c.Kind.Entity, c.EntityId, c.Action.ToString(), (object?)c.Before, (object?)c.After, c.Note)).ToList(), cancellationToken);
        var fed = changes
            .Where(c => c.Kind.Feed is not null && c.After is not null)
            .Select(c => (Change: c, Projection: c.Kind.Project(c.After!)))
            .Where(c => c.Projection is not null)
            .Select(c => (c.Change.PartnershipId ?? throw new InvalidOperationException($"A {c.Change.Kind.Entity} change reaches a partnership's feed, so it needs the partnership."),
                c.Change.Kind.Feed!.Value, long.Parse(c.Change.EntityId, CultureInfo.InvariantCulture), c.Change.Action.ToString(), c.Projection!))
            .ToList();
        await feed.AppendManyAsync(connection, transaction, dialect, fed, cancellationToken);
        foreach (var change in changes)
        {
            await NotifyAsync(connection, transaction, actor, change, cancellationToken);
        }
    }

    private async Task NotifyAsync<TAction, TState>(DbConnection connection, DbTransaction transaction, CallerScope actor, Change<TAction, TState> change,
        CancellationToken cancellationToken)
        where TAction : struct, Enum
        where TState : class
    {
        // Nobody is told of what they did themselves.
        var told = change.Notice?.UserIds.Where(id => actor.Kind != ActorKind.User || id != actor.ActorId).ToList() ?? [];
        if (change.Notice is { } notice && told.Count > 0 && change.PartnershipId is { } partnership)
        {
            await notifications.NotifyAsync(connection, transaction, partnership, told, notice.Title, notice.Body,
                NotificationTarget.Of(change.Kind.Entity, change.EntityId), cancellationToken);
        }
    }
}
