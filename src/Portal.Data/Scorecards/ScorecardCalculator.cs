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

    /// <summary>How many partnerships one transaction of <see cref="ComputeMonthAsync"/> stores: few round trips, short locks.</summary>
    public const int ChunkSize = 250;

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
                WHERE {database.Dialect.InList("p.id", "@ids")} AND {database.Dialect.IsIn("p.id", "@Allowed")}
                  AND (p.created_at < @End OR EXISTS (SELECT 1 FROM purchase_orders o WHERE o.partnership_id = p.id AND o.ordered_on < @EndDay))
                  AND NOT EXISTS (SELECT 1 FROM scorecard_snapshots s WHERE s.partnership_id = p.id AND s.month = @month)
                ORDER BY p.id
                """,
                new
                {
                    ids = database.Dialect.ListOf(partnershipIds), Allowed = scope.PartnershipIds, month, EndDay = month.AddMonths(1),
                    End = new DateTimeOffset(month.AddMonths(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                }, cancellationToken: cancellationToken))).ToList();
        }
        var computed = 0;
        var alerts = 0;
        foreach (var chunk in due.Chunk(ChunkSize))
        {
            var stored = await StoreAsync(scope, chunk.Select(p => (p, 1)).ToList(), month, reason: null, cancellationToken);
            computed += stored.Count;
            alerts += stored.Sum(s => s.Alerts);
        }
        return new CatchUpSummary(computed, alerts);
    }

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The first day of the month that closed last: the one the daily run computes for every partnership at once.</summary>
    public DateOnly LastClosedMonth => new DateOnly(Today.Year, Today.Month, 1).AddMonths(-1);

    private sealed record Stored(ScorecardSnapshot Snapshot, int Alerts);

    /// <summary>
    /// Measures, scores and inserts one revision of the month for each partnership asked, in one transaction: the
    /// snapshots in one INSERT, their metrics in another, then the trail and feed and the alert check for those actually
    /// inserted. A partnership whose revision another run already stored is left out of the answer.
    /// </summary>
    private async Task<IReadOnlyList<Stored>> StoreAsync(CallerScope scope, IReadOnlyList<(long PartnershipId, int Revision)> wanted, DateOnly month, string? reason,
        CancellationToken cancellationToken)
    {
        var ids = wanted.Select(w => w.PartnershipId).ToList();
        var measured = await metrics.MeasureMonthAsync(scope, ids, month, cancellationToken);
        if (measured.Count == 0)
        {
            return [];
        }
        var overrides = await targets.GetOverridesAsync(scope, measured.Keys.ToList(), cancellationToken);
        var scored = wanted.Where(w => measured.ContainsKey(w.PartnershipId)).Select(w =>
        {
            var (scores, supplier, customer) = ScorecardRules.ScoreMonth(measured[w.PartnershipId].ToDictionary(m => m.Key, m => m.Value.Value),
                ScorecardRules.Effective(overrides[w.PartnershipId]));
            return (w.PartnershipId, w.Revision, Scores: scores, Supplier: supplier, Customer: customer);
        }).ToList();
        var dialect = database.Dialect;
        return await database.InTransactionAsync(async (connection, transaction) =>
        {
            var inserted = (await connection.QueryAsync<(long Id, long PartnershipId)>(new CommandDefinition(
                $"""
                INSERT INTO scorecard_snapshots (partnership_id, month, revision, formula_version, currency, supplier_score_milli, supplier_state,
                                                 customer_score_milli, customer_state, computed_at, computed_by_name, reason)
                SELECT r.partnership_id, @month, r.revision, @FormulaVersion, p.currency, r.supplier_score_milli, r.supplier_state,
                       r.customer_score_milli, r.customer_state, @Now, @ActorName, @reason
                FROM {dialect.JsonRows("@rows", ("partnership_id", "bigint"), ("revision", "int"), ("supplier_score_milli", "bigint"), ("supplier_state", "text"),
                    ("customer_score_milli", "bigint"), ("customer_state", "text"))}
                JOIN partnerships p ON p.id = r.partnership_id
                WHERE true
                ON CONFLICT (partnership_id, month, revision) DO NOTHING
                RETURNING id, partnership_id
                """,
                new
                {
                    month, ScorecardRules.FormulaVersion, Now = clock.GetUtcNow(), scope.ActorName, reason,
                    rows = JsonSerializer.Serialize(scored.Select(s => new Dictionary<string, object?>
                    {
                        ["partnership_id"] = s.PartnershipId, ["revision"] = s.Revision,
                        ["supplier_score_milli"] = Milli(s.Supplier.Score), ["supplier_state"] = s.Supplier.State.ToString(),
                        ["customer_score_milli"] = Milli(s.Customer.Score), ["customer_state"] = s.Customer.State.ToString(),
                    })),
                }, transaction, cancellationToken: cancellationToken))).ToDictionary(r => r.PartnershipId, r => r.Id);
            if (inserted.Count == 0)
            {
                return [];
            }
            await connection.ExecuteAsync(new CommandDefinition(
                $"""
                INSERT INTO scorecard_metrics (snapshot_id, metric, side, numerator, denominator, value_milli, target_milli, floor_milli, weight,
                                               score_milli, state, source_table, evidence_ids_json, formula_version)
                SELECT r.snapshot_id, r.metric, r.side, r.numerator, r.denominator, r.value_milli, r.target_milli, r.floor_milli, r.weight,
                       r.score_milli, r.state, r.source_table, r.evidence_ids_json, @FormulaVersion
                FROM {dialect.JsonRows("@rows", ("snapshot_id", "bigint"), ("metric", "text"), ("side", "text"), ("numerator", "bigint"), ("denominator", "bigint"),
                    ("value_milli", "bigint"), ("target_milli", "bigint"), ("floor_milli", "bigint"), ("weight", "int"), ("score_milli", "bigint"), ("state", "text"),
                    ("source_table", "text"), ("evidence_ids_json", "text"))}
                """,
                new
                {
                    ScorecardRules.FormulaVersion,
                    rows = JsonSerializer.Serialize(scored.Where(s => inserted.ContainsKey(s.PartnershipId)).SelectMany(s => s.Scores.Select(m =>
                    {
                        var measurement = measured[s.PartnershipId][m.Metric];
                        return new Dictionary<string, object?>
                        {
                            ["snapshot_id"] = inserted[s.PartnershipId], ["metric"] = m.Metric.ToString(), ["side"] = ScorecardRules.Definition(m.Metric).Side.ToString(),
                            ["numerator"] = measurement.Numerator, ["denominator"] = measurement.Denominator, ["value_milli"] = Milli(m.Value),
                            ["target_milli"] = ScorecardRules.ToMilli(m.Target.Target), ["floor_milli"] = ScorecardRules.ToMilli(m.Target.Floor), ["weight"] = m.Target.Weight,
                            ["score_milli"] = Milli(m.Score), ["state"] = m.State.ToString(), ["source_table"] = measurement.SourceTable,
                            ["evidence_ids_json"] = JsonSerializer.Serialize(measurement.SourceIds),
                        };
                    }))),
                }, transaction, cancellationToken: cancellationToken));
            var snapshots = (await connection.QueryAsync<ScorecardSnapshot>(new CommandDefinition(
                $"SELECT {ScorecardStore.SnapshotColumns} FROM scorecard_snapshots s WHERE {dialect.InList("s.id", "@ids")} ORDER BY s.partnership_id",
                new { ids = dialect.ListOf(inserted.Values) }, transaction, cancellationToken: cancellationToken))).ToList();
            var previous = await PreviousAsync(connection, transaction, month, inserted.Keys, cancellationToken);
            await changes.RecordManyAsync(connection, transaction, dialect, scope, snapshots.Select(snapshot => ChangeKinds.ScorecardSnapshot.Of(snapshot.PartnershipId, snapshot.Id,
                reason is null ? ScorecardSnapshotChange.Computed : ScorecardSnapshotChange.Recomputed, null, snapshot).Saying(reason)).ToList(), cancellationToken);
            var stored = new List<Stored>();
            foreach (var snapshot in snapshots)
            {
                var alerts = previous.TryGetValue(snapshot.PartnershipId, out var before) ? await AlertAsync(connection, transaction, scope, before, snapshot, cancellationToken) : 0;
                stored.Add(new Stored(snapshot, alerts));
            }
            return (IReadOnlyList<Stored>)stored;
        }, cancellationToken);
    }

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
    /// Compares each side with the previous month's latest revision and raises an alert for a drop. The unique key
    /// (partnership, month, side) makes a second run, a second node or a recompute alert nobody twice.
    /// </summary>
    private async Task<int> AlertAsync(DbConnection connection, DbTransaction transaction, CallerScope scope, ScorecardSnapshot previous, ScorecardSnapshot snapshot,
        CancellationToken cancellationToken)
    {
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
