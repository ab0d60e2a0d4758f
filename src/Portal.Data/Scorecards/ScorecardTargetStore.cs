using Dapper;
using Portal.Data.Changes;
using Portal.Data.Database;
using Portal.Data.Tenancy;
using Portal.Data.Users;

namespace Portal.Data.Scorecards;

/// <summary>
/// A partnership's own scorecard targets, floors and weights. Both sides read them (they judge both sides); the
/// supplier's admins and account leads set them. New targets apply to months computed from then on: a snapshot keeps
/// the targets it was judged against.
/// </summary>
public sealed class ScorecardTargetStore(PortalDatabase database, ChangeRecorder changes, TimeProvider clock)
{
    public async Task<IReadOnlyDictionary<ScorecardMetric, MetricTarget>> GetOverridesAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken = default) =>
        (await GetOverridesAsync(scope, [partnershipId], cancellationToken))[partnershipId];

    /// <summary>The overrides of each of <paramref name="partnershipIds"/> (none for those outside the scope), in one query.</summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyDictionary<ScorecardMetric, MetricTarget>>> GetOverridesAsync(CallerScope scope, IReadOnlyCollection<long> partnershipIds,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<(long PartnershipId, string Metric, long TargetMilli, long FloorMilli, int Weight)>(new CommandDefinition(
            $"""
            SELECT t.partnership_id, t.metric, t.target_milli, t.floor_milli, t.weight FROM scorecard_targets t
            WHERE {database.Dialect.InList("t.partnership_id", "@ids")} AND {database.Dialect.InList("t.partnership_id", "@Allowed")}
            """, new { ids = database.Dialect.ListOf(partnershipIds), Allowed = database.Dialect.ListOf(scope.PartnershipIds) }, cancellationToken: cancellationToken)))
            // A row for a metric this build no longer knows is ignored rather than failing the scorecard.
            .Where(r => Enum.TryParse<ScorecardMetric>(r.Metric, out _))
            .ToLookup(r => r.PartnershipId);
        return partnershipIds.ToDictionary(p => p, IReadOnlyDictionary<ScorecardMetric, MetricTarget> (p) => rows[p].ToDictionary(
            r => Enum.Parse<ScorecardMetric>(r.Metric), r => new MetricTarget(ScorecardRules.FromMilli(r.TargetMilli), ScorecardRules.FromMilli(r.FloorMilli), r.Weight)));
    }

    /// <summary>
    /// Stores the whole set (every metric), keeping as overrides only those that differ from the defaults. False when the
    /// partnership is not the caller's; <see cref="ValidationException"/> for targets the wrong way round or weights not
    /// summing to 100 per side.
    /// </summary>
    public Task<bool> SetAsync(CallerScope scope, long partnershipId, IReadOnlyDictionary<ScorecardMetric, MetricTarget> targets, CancellationToken cancellationToken = default)
    {
        scope.Require(Permission.ManageScorecards);
        var errors = ScorecardRules.Validate(targets);
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
        return database.InTransactionAsync(async (connection, transaction) =>
        {
            if (!scope.CanSee(partnershipId))
            {
                return false;
            }
            var before = await connection.QueryAsync<(string Metric, long TargetMilli, long FloorMilli, int Weight)>(new CommandDefinition(
                "SELECT metric, target_milli, floor_milli, weight FROM scorecard_targets WHERE partnership_id = @partnershipId ORDER BY metric",
                new { partnershipId }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM scorecard_targets WHERE partnership_id = @partnershipId",
                new { partnershipId }, transaction, cancellationToken: cancellationToken));
            var overrides = targets.Where(t => ScorecardRules.DefaultTargets[t.Key] != t.Value).OrderBy(t => t.Key.ToString(), StringComparer.Ordinal).ToList();
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO scorecard_targets (partnership_id, metric, target_milli, floor_milli, weight, updated_at, updated_by_name)
                VALUES (@partnershipId, @Metric, @TargetMilli, @FloorMilli, @Weight, @Now, @ActorName)
                """,
                overrides.Select(o => new
                {
                    partnershipId, Metric = o.Key.ToString(), TargetMilli = ScorecardRules.ToMilli(o.Value.Target), FloorMilli = ScorecardRules.ToMilli(o.Value.Floor),
                    o.Value.Weight, Now = clock.GetUtcNow(), scope.ActorName,
                }), transaction, cancellationToken: cancellationToken));
            await changes.RecordAsync(connection, transaction, scope, ChangeKinds.ScorecardTargets.Of(partnershipId, partnershipId, ScorecardTargetsChange.Set,
                new ScorecardTargetsState([.. before.Select(b => new ScorecardTargetOverride(b.Metric, ScorecardRules.FromMilli(b.TargetMilli), ScorecardRules.FromMilli(b.FloorMilli), b.Weight))]),
                new ScorecardTargetsState([.. overrides.Select(o => new ScorecardTargetOverride(o.Key.ToString(), o.Value.Target, o.Value.Floor, o.Value.Weight))])), cancellationToken);
            return true;
        }, cancellationToken);
    }
}
