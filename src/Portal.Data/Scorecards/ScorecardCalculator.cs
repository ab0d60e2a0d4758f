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
/// Every path goes through one set-based store: the month just closed for every partnership at once (a chunk of them a
/// transaction), a catch-up one partnership's month at a time, a recompute one month; the same data gives the same snapshot.
/// </summary>
public sealed class ScorecardCalculator(PortalDatabase database, ScorecardMetricsStore metrics, ScorecardTargetStore targets, ChangeRecorder changes,
    TimeProvider clock)
{
    /// <summary>How far back a catch-up goes: a partnership older than this gets its last two years.</summary>
    public const int MaxMonthsBack = 24;

    /// <summary>
    /// How many partnerships one transaction of <see cref="ComputeMonthAsync"/> stores: few statements, and locks held no
    /// longer than a few hundred milliseconds. (All of them are measured at once, before: reads hold no lock.)
    /// </summary>
    public const int ChunkSize = 500;

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
            if ((await StoreAsync(scope, [(partnershipId, 1)], month, reason: null, cancellationToken)).SingleOrDefault() is { } stored)
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
        return latest is { } revision ? (await StoreAsync(scope, [(partnershipId, revision + 1)], month, reason.Trim(), cancellationToken)).SingleOrDefault()?.Snapshot : null;
    }

    /// <summary>
    /// One month for many partnerships, set-based: those of <paramref name="partnershipIds"/> in the scope that had
    /// started by the end of the month and have no snapshot of it are measured (each metric one query for all of them)
    /// and stored <see cref="ChunkSize"/> to a transaction, in a few statements each. The daily job's step for the month
    /// just closed; a partnership another run stored meanwhile is skipped by the unique key.
    /// </summary>
    public async Task<CatchUpSummary> ComputeMonthAsync(CallerScope scope, IReadOnlyCollection<long> partnershipIds, DateOnly month, CancellationToken cancellationToken = default)
    {
        List<long> due;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            due = (await connection.QueryAsync<long>(new CommandDefinition(
                $"""
                SELECT p.id FROM partnerships p
                WHERE {database.Dialect.InList("p.id", "@ids")} AND {database.Dialect.InList("p.id", "@Allowed")}
                  AND (p.created_at < @End OR EXISTS (SELECT 1 FROM purchase_orders o WHERE o.partnership_id = p.id AND o.ordered_on < @EndDay))
                  AND NOT EXISTS (SELECT 1 FROM scorecard_snapshots s WHERE s.partnership_id = p.id AND s.month = @month)
                ORDER BY p.id
                """,
                new
                {
                    ids = database.Dialect.ListOf(partnershipIds), Allowed = database.Dialect.ListOf(scope.PartnershipIds), month, EndDay = month.AddMonths(1),
                    End = new DateTimeOffset(month.AddMonths(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                }, cancellationToken: cancellationToken))).ToList();
        }
        var computed = 0;
        var alerts = 0;
        var scored = await ScoreAsync(scope, due.Select(p => (p, 1)).ToList(), month, cancellationToken);
        foreach (var chunk in scored.Chunk(ChunkSize))
        {
            var stored = await WriteAsync(scope, chunk, month, reason: null, cancellationToken);
            computed += stored.Count;
            alerts += stored.Sum(s => s.Alerts);
        }
        return new CatchUpSummary(computed, alerts);
    }

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The first day of the month that closed last: the one the daily run computes for every partnership at once.</summary>
    public DateOnly LastClosedMonth => new DateOnly(Today.Year, Today.Month, 1).AddMonths(-1);

    private sealed record Stored(ScorecardSnapshot Snapshot, int Alerts);

    /// <summary>A partnership's month measured and scored, to be stored as <paramref name="Revision"/>.</summary>
    private sealed record Scored(long PartnershipId, int Revision, IReadOnlyDictionary<ScorecardMetric, Measurement> Measured, IReadOnlyList<MetricScore> Scores,
        SideScore Supplier, SideScore Customer);

    /// <summary>Measures, scores and stores one revision of the month for each partnership asked, in one transaction.</summary>
    private async Task<IReadOnlyList<Stored>> StoreAsync(CallerScope scope, IReadOnlyList<(long PartnershipId, int Revision)> wanted, DateOnly month, string? reason,
        CancellationToken cancellationToken) =>
        await WriteAsync(scope, await ScoreAsync(scope, wanted, month, cancellationToken), month, reason, cancellationToken);

    /// <summary>The month of each partnership asked that is in the scope, measured (each metric one query for all) and scored against its targets.</summary>
    private async Task<IReadOnlyList<Scored>> ScoreAsync(CallerScope scope, IReadOnlyList<(long PartnershipId, int Revision)> wanted, DateOnly month,
        CancellationToken cancellationToken)
    {
        var ids = wanted.Select(w => w.PartnershipId).ToList();
        var measured = await ScorecardTelemetry.StepAsync("measure", () => metrics.MeasureMonthAsync(scope, ids, month, cancellationToken));
        if (measured.Count == 0)
        {
            return [];
        }
        var overrides = await ScorecardTelemetry.StepAsync("targets", () => targets.GetOverridesAsync(scope, measured.Keys.ToList(), cancellationToken));
        return ScorecardTelemetry.Step("score", () => wanted.Where(w => measured.ContainsKey(w.PartnershipId)).Select(w =>
        {
            var (scores, supplier, customer) = ScorecardRules.ScoreMonth(measured[w.PartnershipId].ToDictionary(m => m.Key, m => m.Value.Value),
                ScorecardRules.Effective(overrides[w.PartnershipId]));
            return new Scored(w.PartnershipId, w.Revision, measured[w.PartnershipId], scores, supplier, customer);
        }).ToList());
    }

    /// <summary>
    /// Inserts the scored months in one transaction: the snapshots with their metrics (<see cref="StoredMetrics"/>) in one
    /// INSERT, then the trail and feed and the alerts of those actually inserted, each a statement or two for the whole
    /// batch. A partnership whose revision another run already stored is left out of the answer.
    /// </summary>
    private async Task<IReadOnlyList<Stored>> WriteAsync(CallerScope scope, IReadOnlyList<Scored> scored, DateOnly month, string? reason, CancellationToken cancellationToken)
    {
        if (scored.Count == 0)
        {
            return [];
        }
        var dialect = database.Dialect;
        using var storing = ScorecardTelemetry.Start("store (transaction)");
        return await database.InTransactionAsync(async (connection, transaction) =>
        {
            var rows = ScorecardTelemetry.Step("store encode", () => SnapshotRows.Parameters(dialect, scored.Select(s => new SnapshotRow(s.PartnershipId, s.Revision,
                    Milli(s.Supplier.Score), s.Supplier.State.ToString(), Milli(s.Customer.Score), s.Customer.State.ToString(),
                    StoredMetrics.Write(s.Scores.Select(m => StoredMetricOf(m, s.Measured[m.Metric]))))).ToList(),
                new { month, ScorecardRules.FormulaVersion, Now = clock.GetUtcNow(), scope.ActorName, reason }));
            var inserted = (await ScorecardTelemetry.StepAsync("store snapshots", () => connection.QueryAsync<(long Id, long PartnershipId)>(new CommandDefinition(
                $"""
                INSERT INTO scorecard_snapshots (partnership_id, month, revision, formula_version, currency, supplier_score_milli, supplier_state,
                                                 customer_score_milli, customer_state, metrics_json, computed_at, computed_by_name, reason)
                SELECT r.partnership_id, @month, r.revision, @FormulaVersion, p.currency, r.supplier_score_milli, r.supplier_state,
                       r.customer_score_milli, r.customer_state, r.metrics_json, @Now, @ActorName, @reason
                FROM {SnapshotRows.Source(dialect)}
                JOIN partnerships p ON p.id = r.partnership_id
                WHERE true
                ON CONFLICT (partnership_id, month, revision) DO NOTHING
                RETURNING id, partnership_id
                """,
                rows, transaction, cancellationToken: cancellationToken)))).ToDictionary(r => r.PartnershipId, r => r.Id);
            if (inserted.Count == 0)
            {
                return [];
            }
            var snapshots = await ScorecardTelemetry.StepAsync("store read back", async () => (await connection.QueryAsync<ScorecardSnapshot>(new CommandDefinition(
                $"SELECT {ScorecardStore.SnapshotColumns} FROM scorecard_snapshots s WHERE {dialect.InList("s.id", "@ids")} ORDER BY s.partnership_id",
                new { ids = dialect.ListOf(inserted.Values) }, transaction, cancellationToken: cancellationToken))).ToList());
            var previous = await ScorecardTelemetry.StepAsync("store previous month", () => PreviousAsync(connection, transaction, month, inserted.Keys, cancellationToken));
            using (ScorecardTelemetry.Start("store trail and feed"))
            {
                await changes.RecordManyAsync(connection, transaction, dialect, scope, snapshots.Select(snapshot => ChangeKinds.ScorecardSnapshot.Of(snapshot.PartnershipId, snapshot.Id,
                    reason is null ? ScorecardSnapshotChange.Computed : ScorecardSnapshotChange.Recomputed, null, snapshot).Saying(reason)).ToList(), cancellationToken);
            }
            var alerts = await ScorecardTelemetry.StepAsync("store alerts", () => AlertAsync(connection, transaction, scope, month, previous, snapshots, cancellationToken));
            return (IReadOnlyList<Stored>)snapshots.Select(s => new Stored(s, alerts.GetValueOrDefault(s.PartnershipId))).ToList();
        }, cancellationToken);
    }

    private static StoredMetric StoredMetricOf(MetricScore score, Measurement measurement) =>
        new(score.Metric, ScorecardRules.Definition(score.Metric).Side, measurement.Numerator, measurement.Denominator, Milli(score.Value),
            ScorecardRules.ToMilli(score.Target.Target), ScorecardRules.ToMilli(score.Target.Floor), score.Target.Weight, Milli(score.Score), score.State,
            measurement.SourceTable, measurement.SourceIds);

    /// <summary>
    /// The month before's latest revision of each partnership, to compare with; only for the latest closed month, because
    /// a catch-up of older months fills history that the leads have already lived through.
    /// </summary>
    private async Task<Dictionary<long, ScorecardSnapshot>> PreviousAsync(DbConnection connection, DbTransaction transaction, DateOnly month, IEnumerable<long> partnershipIds,
        CancellationToken cancellationToken)
    {
        if (month != LastClosedMonth)
        {
            return [];
        }
        var rows = await connection.QueryAsync<ScorecardSnapshot>(new CommandDefinition(
            $"""
            SELECT {ScorecardStore.SnapshotColumns} FROM scorecard_snapshots s
            WHERE {database.Dialect.InList("s.partnership_id", "@ids")} AND s.month = @Previous
              AND s.revision = (SELECT MAX(r.revision) FROM scorecard_snapshots r WHERE r.partnership_id = s.partnership_id AND r.month = s.month)
            """, new { ids = database.Dialect.ListOf(partnershipIds), Previous = month.AddMonths(-1) }, transaction, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.PartnershipId);
    }

    /// <summary>
    /// Compares each side of each snapshot with the previous month's latest revision and raises an alert for a drop, all
    /// of the batch's alerts in one INSERT. The unique key (partnership, month, side) makes a second run, a second node
    /// or a recompute alert nobody twice. The alerts raised, by partnership.
    /// </summary>
    private async Task<Dictionary<long, int>> AlertAsync(DbConnection connection, DbTransaction transaction, CallerScope scope, DateOnly month,
        Dictionary<long, ScorecardSnapshot> previous, IReadOnlyList<ScorecardSnapshot> snapshots, CancellationToken cancellationToken)
    {
        var drops = snapshots.Where(s => previous.ContainsKey(s.PartnershipId))
            .SelectMany(s => Enum.GetValues<ScorecardSide>().Select(side => (Snapshot: s, Side: side, Before: previous[s.PartnershipId].Side(side), After: s.Side(side))))
            .Where(d => ScorecardRules.IsDrop(d.Before, d.After, AlertDropPoints))
            .ToList();
        if (drops.Count == 0)
        {
            return [];
        }
        var dialect = database.Dialect;
        var alertIds = (await connection.QueryAsync<long>(new CommandDefinition(
            $"""
            INSERT INTO health_alerts (partnership_id, snapshot_id, month, side, from_state, to_state, from_score_milli, to_score_milli, raised_at, state)
            SELECT r.partnership_id, r.snapshot_id, @month, r.side, r.from_state, r.to_state, r.from_score_milli, r.to_score_milli, @Now, 'Open'
            FROM {dialect.JsonRows("@rows", ("partnership_id", "bigint"), ("snapshot_id", "bigint"), ("side", "text"), ("from_state", "text"), ("to_state", "text"),
                ("from_score_milli", "bigint"), ("to_score_milli", "bigint"))}
            WHERE true
            ON CONFLICT (partnership_id, month, side) DO NOTHING
            RETURNING id
            """,
            new
            {
                month, Now = clock.GetUtcNow(),
                rows = JsonSerializer.Serialize(drops.Select(d => new Dictionary<string, object?>
                {
                    ["partnership_id"] = d.Snapshot.PartnershipId, ["snapshot_id"] = d.Snapshot.Id, ["side"] = d.Side.ToString(),
                    ["from_state"] = d.Before.State.ToString(), ["to_state"] = d.After.State.ToString(), ["from_score_milli"] = Milli(d.Before.Score),
                    ["to_score_milli"] = Milli(d.After.Score),
                })),
            }, transaction, cancellationToken: cancellationToken))).ToList();
        if (alertIds.Count == 0)
        {
            return [];
        }
        var raised = (await connection.QueryAsync<HealthAlert>(new CommandDefinition(
            $"SELECT {HealthAlertStore.Columns} FROM health_alerts a WHERE {dialect.InList("a.id", "@ids")} ORDER BY a.partnership_id",
            new { ids = dialect.ListOf(alertIds) }, transaction, cancellationToken: cancellationToken))).ToList();
        var people = await AccountPeopleAsync(connection, transaction, raised.Select(a => a.PartnershipId).Distinct().ToList(), cancellationToken);
        // A side at a time: the feed takes one entry per partnership a batch, and a partnership's supplier side comes first.
        foreach (var side in Enum.GetValues<ScorecardSide>())
        {
            await changes.RecordManyAsync(connection, transaction, dialect, scope, raised.Where(a => a.Side == side).Select(alert =>
                ChangeKinds.HealthAlert.Of(alert.PartnershipId, alert.Id, HealthAlertChange.Raised, null, alert)
                    .Telling(people[alert.PartnershipId].Where(id => scope.Kind != ActorKind.User || id != scope.ActorId), AlertTitle(alert), AlertBody(alert))).ToList(),
                cancellationToken);
        }
        return raised.GroupBy(a => a.PartnershipId).ToDictionary(g => g.Key, g => g.Count());
    }

    private static string AlertTitle(HealthAlert alert) => $"Partnership health: the {alert.Side.ToString().ToLowerInvariant()} side fell to {Label(alert.ToState)}";

    private static string AlertBody(HealthAlert alert) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{alert.Month:MMMM yyyy}: {alert.FromScore:0.#} ({Label(alert.FromState)}) in the month before, {alert.ToScore:0.#} ({Label(alert.ToState)}) now.");

    /// <summary>Who hears of a health alert, by partnership: its supplier lead, the account leads assigned to it and its customer lead.</summary>
    private async Task<ILookup<long, long>> AccountPeopleAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<long> partnershipIds,
        CancellationToken cancellationToken) =>
        (await connection.QueryAsync<(long PartnershipId, long UserId)>(new CommandDefinition(
            $"""
            SELECT id, supplier_lead_user_id FROM partnerships WHERE {database.Dialect.InList("id", "@ids")} AND supplier_lead_user_id IS NOT NULL
            UNION SELECT id, customer_lead_user_id FROM partnerships WHERE {database.Dialect.InList("id", "@ids")} AND customer_lead_user_id IS NOT NULL
            UNION SELECT m.partnership_id, u.id FROM partnership_members m JOIN users u ON u.id = m.user_id
                  WHERE {database.Dialect.InList("m.partnership_id", "@ids")} AND u.role = @AccountLead
            """, new { ids = database.Dialect.ListOf(partnershipIds), AccountLead = nameof(PortalRole.AccountLead) }, transaction, cancellationToken: cancellationToken)))
            .ToLookup(p => p.PartnershipId, p => p.UserId);

    public static string Label(HealthState state) => state switch
    {
        HealthState.NoData => "no data",
        HealthState.InsufficientData => "insufficient data",
        _ => state.ToString().ToLowerInvariant(),
    };

    private static long? Milli(decimal? value) => value is { } v ? ScorecardRules.ToMilli(v) : null;
}
