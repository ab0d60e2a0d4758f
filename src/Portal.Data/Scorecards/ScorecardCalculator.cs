using System.Data.Common;
using System.Text.Json;
using Dapper;
using Portal.Data.Changes;
using Portal.Data.Database;
using Portal.Data.Guarantees;
using Portal.Data.Notifications;
using Portal.Data.Tenancy;
using Portal.Data.Users;

namespace Portal.Data.Scorecards;

/// <summary>
/// Computes and stores monthly scorecards. A month's first snapshot is revision 1, inserted with ON CONFLICT DO NOTHING
/// on (partnership, month, revision): two nodes or a retried job store one, and only the run that inserted it records,
/// feeds and alerts. A recompute (late ERP data) stores the next revision beside the old ones, saying who and why.
/// </summary>
public sealed class ScorecardCalculator(PortalDatabase database, ScorecardMetricsStore metrics, ScorecardTargetStore targets, ChangeRecorder changes,
    TimeProvider clock)
{
    /// <summary>How far back a catch-up goes: a partnership older than this gets its last two years.</summary>
    public const int MaxMonthsBack = 24;

    /// <summary>The points by which a side's score must fall for an alert even without a change of grade.</summary>
    public int AlertDropPoints { get; init; } = ScorecardRules.DefaultAlertDropPoints;

    /// <summary>
    /// Computes every closed month since the partnership started (its first order or its creation, at most
    /// <see cref="MaxMonthsBack"/> back) that has no snapshot yet, oldest first, so that a missed night or a process
    /// down on the 1st loses no month.
    /// </summary>
    public async Task<CatchUpSummary> CatchUpAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken = default)
    {
        (DateTimeOffset CreatedAt, DateOnly? FirstOrder)? partnership;
        HashSet<DateOnly> done;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            partnership = await connection.QuerySingleOrDefaultAsync<(DateTimeOffset, DateOnly?)?>(new CommandDefinition(
                $"""
                SELECT p.created_at, (SELECT MIN(o.ordered_on) FROM purchase_orders o WHERE o.partnership_id = p.id) AS first_order
                FROM partnerships p WHERE p.id = @partnershipId AND {database.Dialect.IsIn("p.id", "@Allowed")}
                """, new { partnershipId, Allowed = scope.PartnershipIds }, cancellationToken: cancellationToken));
            done = (await connection.QueryAsync<DateOnly>(new CommandDefinition(
                "SELECT DISTINCT month FROM scorecard_snapshots WHERE partnership_id = @partnershipId", new { partnershipId }, cancellationToken: cancellationToken))).ToHashSet();
        }
        if (partnership is not { } found)
        {
            return new CatchUpSummary(0, 0);
        }
        // A partnership entered in the portal after years of trading started with its first order.
        var created = DateOnly.FromDateTime(found.CreatedAt.UtcDateTime);
        var start = found.FirstOrder is { } first && first < created ? first : created;
        var months = ScorecardRules.ClosedMonths(start, Today, MaxMonthsBack);
        var computed = 0;
        var alerts = 0;
        foreach (var month in months.Where(m => !done.Contains(m)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await StoreAsync(scope, partnershipId, month, revision: null, reason: null, cancellationToken) is { } stored)
            {
                computed++;
                alerts += stored.Alerts;
            }
        }
        return new CatchUpSummary(computed, alerts);
    }

    /// <summary>
    /// Late ERP data: an admin or account lead computes a closed month again. The new revision is stored beside the old,
    /// the trail keeps who and why. Null when the partnership is not the caller's or the month has no snapshot yet.
    /// </summary>
    public async Task<ScorecardSnapshot?> RecomputeAsync(CallerScope scope, long partnershipId, DateOnly month, string reason, CancellationToken cancellationToken = default)
    {
        scope.Require(Permission.ManageScorecards);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ValidationException(new Dictionary<string, string> { ["Reason"] = "Say why the month is computed again." });
        }
        if (!scope.CanSee(partnershipId))
        {
            return null;
        }
        int? latest;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            latest = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
                "SELECT MAX(revision) FROM scorecard_snapshots WHERE partnership_id = @partnershipId AND month = @month",
                new { partnershipId, month }, cancellationToken: cancellationToken));
        }
        // Two recomputes racing both aim at the same next revision: the unique key lets one store it, the other gets null.
        return latest is { } revision ? (await StoreAsync(scope, partnershipId, month, revision + 1, reason.Trim(), cancellationToken))?.Snapshot : null;
    }

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private sealed record Stored(ScorecardSnapshot Snapshot, int Alerts);

    /// <summary>Measures, scores and inserts one revision; null when another run already stored that revision.</summary>
    private async Task<Stored?> StoreAsync(CallerScope scope, long partnershipId, DateOnly month, int? revision, string? reason, CancellationToken cancellationToken)
    {
        var measured = await metrics.MeasureMonthAsync(scope, partnershipId, month, cancellationToken);
        if (measured.Count == 0)
        {
            return null;
        }
        var effective = ScorecardRules.Effective(await targets.GetOverridesAsync(scope, partnershipId, cancellationToken));
        var (scores, supplier, customer) = ScorecardRules.ScoreMonth(measured.ToDictionary(m => m.Key, m => m.Value.Value), effective);
        return await database.InTransactionAsync(async (connection, transaction) =>
        {
            var currency = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                "SELECT currency FROM partnerships WHERE id = @partnershipId", new { partnershipId }, transaction, cancellationToken: cancellationToken));
            var id = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                """
                INSERT INTO scorecard_snapshots (partnership_id, month, revision, formula_version, currency, supplier_score_milli, supplier_state,
                                                 customer_score_milli, customer_state, computed_at, computed_by_name, reason)
                VALUES (@partnershipId, @month, @Revision, @FormulaVersion, @currency, @SupplierScore, @SupplierState,
                        @CustomerScore, @CustomerState, @Now, @ActorName, @reason)
                ON CONFLICT (partnership_id, month, revision) DO NOTHING
                RETURNING id
                """,
                new
                {
                    partnershipId, month, Revision = revision ?? 1, ScorecardRules.FormulaVersion, currency,
                    SupplierScore = Milli(supplier.Score), SupplierState = supplier.State.ToString(),
                    CustomerScore = Milli(customer.Score), CustomerState = customer.State.ToString(),
                    Now = clock.GetUtcNow(), scope.ActorName, reason,
                }, transaction, cancellationToken: cancellationToken));
            if (id is null)
            {
                return null;
            }
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO scorecard_metrics (snapshot_id, metric, side, numerator, denominator, value_milli, target_milli, floor_milli, weight,
                                               score_milli, state, source_table, evidence_ids_json, formula_version)
                VALUES (@SnapshotId, @Metric, @Side, @Numerator, @Denominator, @ValueMilli, @TargetMilli, @FloorMilli, @Weight,
                        @ScoreMilli, @State, @SourceTable, @EvidenceIdsJson, @FormulaVersion)
                """,
                scores.Select(s => new
                {
                    SnapshotId = id.Value,
                    Metric = s.Metric.ToString(),
                    Side = ScorecardRules.Definition(s.Metric).Side.ToString(),
                    measured[s.Metric].Numerator,
                    measured[s.Metric].Denominator,
                    ValueMilli = Milli(s.Value),
                    TargetMilli = ScorecardRules.ToMilli(s.Target.Target),
                    FloorMilli = ScorecardRules.ToMilli(s.Target.Floor),
                    s.Target.Weight,
                    ScoreMilli = Milli(s.Score),
                    State = s.State.ToString(),
                    measured[s.Metric].SourceTable,
                    EvidenceIdsJson = JsonSerializer.Serialize(measured[s.Metric].SourceIds),
                    ScorecardRules.FormulaVersion,
                }), transaction, cancellationToken: cancellationToken));
            var snapshot = await ScorecardStore.SnapshotAsync(connection, transaction, id.Value, cancellationToken);
            await changes.RecordAsync(connection, transaction, scope, ChangeKinds.ScorecardSnapshot.Of(partnershipId, snapshot.Id,
                revision is null ? ScorecardSnapshotChange.Computed : ScorecardSnapshotChange.Recomputed, null, snapshot).Saying(reason), cancellationToken);
            var alerts = await AlertAsync(connection, transaction, scope, snapshot, cancellationToken);
            return new Stored(snapshot, alerts);
        }, cancellationToken);
    }

    /// <summary>
    /// Compares each side with the previous month's latest revision and raises an alert for a drop. Only the latest closed
    /// month alerts: a catch-up of older months fills history that the leads have already lived through. The unique key
    /// (partnership, month, side) makes a second run, a second node or a recompute alert nobody twice.
    /// </summary>
    private async Task<int> AlertAsync(DbConnection connection, DbTransaction transaction, CallerScope scope, ScorecardSnapshot snapshot, CancellationToken cancellationToken)
    {
        var thisMonth = new DateOnly(Today.Year, Today.Month, 1);
        if (snapshot.Month != thisMonth.AddMonths(-1))
        {
            return 0;
        }
        var previous = await connection.QuerySingleOrDefaultAsync<ScorecardSnapshot>(new CommandDefinition(
            $"""
            SELECT {ScorecardStore.SnapshotColumns} FROM scorecard_snapshots s
            WHERE s.partnership_id = @PartnershipId AND s.month = @Previous
            ORDER BY s.revision DESC LIMIT 1
            """, new { snapshot.PartnershipId, Previous = snapshot.Month.AddMonths(-1) }, transaction, cancellationToken: cancellationToken));
        if (previous is null)
        {
            return 0;
        }
        var raised = 0;
        foreach (var side in Enum.GetValues<ScorecardSide>())
        {
            var (before, after) = (previous.Side(side), snapshot.Side(side));
            if (!ScorecardRules.IsDrop(before, after, AlertDropPoints))
            {
                continue;
            }
            var alertId = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                """
                INSERT INTO health_alerts (partnership_id, snapshot_id, month, side, from_state, to_state, from_score_milli, to_score_milli, raised_at, state)
                VALUES (@PartnershipId, @SnapshotId, @Month, @Side, @FromState, @ToState, @FromScore, @ToScore, @Now, 'Open')
                ON CONFLICT (partnership_id, month, side) DO NOTHING
                RETURNING id
                """,
                new
                {
                    snapshot.PartnershipId, SnapshotId = snapshot.Id, snapshot.Month, Side = side.ToString(),
                    FromState = before.State.ToString(), ToState = after.State.ToString(),
                    FromScore = Milli(before.Score), ToScore = Milli(after.Score), Now = clock.GetUtcNow(),
                }, transaction, cancellationToken: cancellationToken));
            if (alertId is null)
            {
                continue;
            }
            var alert = await HealthAlertStore.GetAsync(connection, transaction, alertId.Value, cancellationToken);
            var title = $"Partnership health: the {side.ToString().ToLowerInvariant()} side fell to {Label(alert.ToState)}";
            var body = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{alert.Month:MMMM yyyy}: {alert.FromScore:0.#} ({Label(alert.FromState)}) in the month before, {alert.ToScore:0.#} ({Label(alert.ToState)}) now.");
            var people = await AccountPeopleAsync(connection, transaction, snapshot.PartnershipId, cancellationToken);
            await changes.RecordAsync(connection, transaction, scope, ChangeKinds.HealthAlert.Of(snapshot.PartnershipId, alert.Id, HealthAlertChange.Raised, null, alert)
                .Telling(people.Where(id => scope.Kind != ActorKind.User || id != scope.ActorId), title, body), cancellationToken);
            raised++;
        }
        return raised;
    }

    /// <summary>Who hears of a health alert: the partnership's supplier lead, the account leads assigned to it and its customer lead.</summary>
    private static async Task<IEnumerable<long>> AccountPeopleAsync(DbConnection connection, DbTransaction transaction, long partnershipId, CancellationToken cancellationToken) =>
        await connection.QueryAsync<long>(new CommandDefinition(
            """
            SELECT supplier_lead_user_id FROM partnerships WHERE id = @partnershipId AND supplier_lead_user_id IS NOT NULL
            UNION SELECT customer_lead_user_id FROM partnerships WHERE id = @partnershipId AND customer_lead_user_id IS NOT NULL
            UNION SELECT u.id FROM partnership_members m JOIN users u ON u.id = m.user_id WHERE m.partnership_id = @partnershipId AND u.role = @AccountLead
            """, new { partnershipId, AccountLead = nameof(PortalRole.AccountLead) }, transaction, cancellationToken: cancellationToken));

    public static string Label(HealthState state) => state switch
    {
        HealthState.NoData => "no data",
        HealthState.InsufficientData => "insufficient data",
        _ => state.ToString().ToLowerInvariant(),
    };

    private static long? Milli(decimal? value) => value is { } v ? ScorecardRules.ToMilli(v) : null;
}
