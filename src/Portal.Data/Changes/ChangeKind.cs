using System.Globalization;
using Portal.Data.ChangeFeed;

namespace Portal.Data.Changes;

/// <summary>
/// One kind of record whose changes are recorded: its name in the trail (<see cref="Entity"/>, the audit_log.entity
/// value that old rows carry too), its actions (an enum), the type of its before/after states and, when a customer's
/// ERP follows it, its feed entity and projection. <see cref="ChangeKinds.All"/> lists every kind.
/// </summary>
public abstract class ChangeKind(string entity)
{
    public string Entity { get; } = entity;

    public abstract Type ActionType { get; }

    /// <summary>The type the trail's before/after JSON reads back as; <see cref="object"/> where a kind's states differ by action.</summary>
    public abstract Type StateType { get; }

    public virtual FeedEntity? Feed => null;

    public virtual Type? ProjectionType => null;

    public IReadOnlyList<string> Actions => Enum.GetNames(ActionType);
}

/// <summary>A kind recorded only in the trail.</summary>
public class ChangeKind<TAction, TState>(string entity) : ChangeKind(entity)
    where TAction : struct, Enum
    where TState : class
{
    public sealed override Type ActionType => typeof(TAction);

    public sealed override Type StateType => typeof(TState);

    /// <summary>The projection the feed gets of a state; none for a kind that stays out of the feed.</summary>
    internal virtual FeedProjection? Project(TState state) => null;

    public Change<TAction, TState> Of(long? partnershipId, long id, TAction action, TState? before, TState? after) =>
        new(this, partnershipId, id.ToString(CultureInfo.InvariantCulture), action, before, after);

    /// <summary>For the few records keyed by a name, not an id (a severity's target, a stage's target).</summary>
    public Change<TAction, TState> Of(long? partnershipId, string key, TAction action, TState? before, TState? after) =>
        new(this, partnershipId, key, action, before, after);
}

/// <summary>
/// A kind that also reaches the change feed, always through its projection. A projection of null keeps that record off
/// the feed (an action item the supplier's own people own).
/// </summary>
public sealed class FedChangeKind<TAction, TState, TProjection>(string entity, FeedEntity feed, Func<TState, TProjection?> project)
    : ChangeKind<TAction, TState>(entity)
    where TAction : struct, Enum
    where TState : class
    where TProjection : FeedProjection
{
    public override FeedEntity? Feed => feed;

    public override Type? ProjectionType => typeof(TProjection);

    public TProjection? ProjectionOf(TState state) => project(state);

    internal override FeedProjection? Project(TState state) => project(state);
}
