using System.Data.Common;
using System.Globalization;
using Dapper;
using Portal.Data.Database;
using Portal.Data.Tenancy;

namespace Portal.Data.Scorecards;

/// <summary>
/// Reads stored scorecards. Both companies of a partnership read the whole scorecard; another tenant's is not found.
/// A month reads as its latest revision; older revisions stay readable as the month's history.
/// </summary>
public sealed class ScorecardStore(PortalDatabase database)
{
    internal const string SnapshotColumns = """
        s.id, s.partnership_id, s.month, s.revision, s.formula_version, s.currency, s.supplier_score_milli, s.supplier_state,
        s.customer_score_milli, s.customer_state, s.computed_at, s.computed_by_name, s.reason
        """;

    internal const string LatestRevision =
        "s.revision = (SELECT MAX(r.revision) FROM scorecard_snapshots r WHERE r.partnership_id = s.partnership_id AND r.month = s.month)";

    /// <summary>The month's latest revision (the latest month when <paramref name="month"/> is null), with the month before and the month's revisions.</summary>
    public async Task<ScorecardView?> GetAsync(CallerScope scope, long partnershipId, DateOnly? month, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var revisions = (await connection.QueryAsync<ScorecardSnapshot>(new CommandDefinition(
            $"""
            SELECT {SnapshotColumns} FROM scorecard_snapshots s
            WHERE s.partnership_id = @partnershipId AND {database.Dialect.IsIn("s.partnership_id", "@Allowed")}
              AND s.month = {(month is null ? "(SELECT MAX(x.month) FROM scorecard_snapshots x WHERE x.partnership_id = @partnershipId)" : "@month")}
            ORDER BY s.revision DESC
            """, new { partnershipId, Allowed = scope.PartnershipIds, month }, cancellationToken: cancellationToken))).ToList();
        if (revisions.Count == 0)
        {
            return null;
        }
        var history = await HistoryAsync(connection, scope, partnershipId, revisions[0].Month.AddMonths(-1), revisions[0].Month.AddMonths(-1), cancellationToken);
        return new ScorecardView(new ScorecardMonth(revisions[0], await MetricsAsync(connection, null, [revisions[0].Id], cancellationToken)),
            history.Count > 0 ? history[0] : null, revisions);
    }

    /// <summary>The latest revision of each month from <paramref name="from"/> to <paramref name="to"/> (first days, both inclusive), newest first, with metrics.</summary>
    public async Task<IReadOnlyList<ScorecardMonth>> GetHistoryAsync(CallerScope scope, long partnershipId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await HistoryAsync(connection, scope, partnershipId, from, to, cancellationToken);
    }

    /// <summary>
    /// One page of months, newest first, strictly before <paramref name="before"/> when given (keyset paging by month).
    /// </summary>
    /// <summary>How many months of the partnership have a scorecard (each month once, whatever its revisions).</summary>
    public async Task<long> CountMonthsAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM scorecard_snapshots s WHERE s.partnership_id = @partnershipId AND {database.Dialect.IsIn("s.partnership_id", "@Allowed")} AND {LatestRevision}",
            new { partnershipId, Allowed = scope.PartnershipIds }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<ScorecardMonth>> GetPageAsync(CallerScope scope, long partnershipId, DateOnly? before, int size, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var snapshots = (await connection.QueryAsync<ScorecardSnapshot>(new CommandDefinition(
            $"""
            SELECT {SnapshotColumns} FROM scorecard_snapshots s
            WHERE s.partnership_id = @partnershipId AND {database.Dialect.IsIn("s.partnership_id", "@Allowed")} AND {LatestRevision}
              {(before is null ? "" : "AND s.month < @before")}
            ORDER BY s.month DESC LIMIT @size
            """, new { partnershipId, Allowed = scope.PartnershipIds, before, size }, cancellationToken: cancellationToken))).ToList();
        return await WithMetricsAsync(connection, snapshots, cancellationToken);
    }

    /// <summary>
    /// The rows behind one metric of the month's latest revision (or of <paramref name="snapshotId"/>): the late lines
    /// behind on time in full, the issues behind ppm, the overdue invoices... Null when the month is not the caller's.
    /// </summary>
    public async Task<(SnapshotMetric Metric, IReadOnlyList<EvidenceRow> Rows)?> GetEvidenceAsync(CallerScope scope, long partnershipId, DateOnly month, ScorecardMetric metric,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var snapshotId = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            $"""
            SELECT s.id FROM scorecard_snapshots s
            WHERE s.partnership_id = @partnershipId AND {database.Dialect.IsIn("s.partnership_id", "@Allowed")} AND s.month = @month
            ORDER BY s.revision DESC LIMIT 1
            """, new { partnershipId, Allowed = scope.PartnershipIds, month }, cancellationToken: cancellationToken));
        if (snapshotId is null)
        {
            return null;
        }
        var stored = (await MetricsAsync(connection, null, [snapshotId.Value], cancellationToken)).FirstOrDefault(m => m.Metric == metric);
        if (stored is null)
        {
            return null;
        }
        var ids = stored.EvidenceIds;
        var sql = EvidenceSql(stored.SourceTable, stored.Metric);
        if (ids.Count == 0 || sql is null)
        {
            return (stored, []);
        }
        var rows = await connection.QueryAsync<EvidenceRow>(new CommandDefinition(
            $"{sql} AND {database.Dialect.InList("x.id", "@ids")} ORDER BY 4, 1",
            new { partnershipId, ids = database.Dialect.ListOf(ids) }, cancellationToken: cancellationToken));
        return (stored, rows.ToList());
    }

    // Each evidence query's fourth column is its date to order by; x is the table whose ids the snapshot kept. The
    // partnership is in each WHERE as well as in the snapshot's scope check, so a kept id never reaches another tenant's
    // row; behind a unary + (see Dialect.OwnedBy), so that SQLite finds the rows by their ids instead of reading
    // every line, issue or invoice of the partnership.
    private string? EvidenceSql(string sourceTable, ScorecardMetric metric) => (sourceTable, metric) switch
    {
        ("purchase_order_lines", _) => """
            SELECT x.id, po.number || ' line ' || CAST(x.line_no AS TEXT) AS reference, it.name AS detail, x.due_on,
                   (SELECT MAX(d.delivered_on) FROM delivery_lines dl JOIN deliveries d ON d.id = dl.delivery_id WHERE dl.po_line_id = x.id) AS done_on,
                   x.quantity, (SELECT COALESCE(SUM(dl.quantity), 0) FROM delivery_lines dl JOIN deliveries d ON d.id = dl.delivery_id
                                WHERE dl.po_line_id = x.id AND d.delivered_on <= x.due_on) AS quantity_done,
                   NULL AS amount_minor, NULL AS entity, NULL AS entity_id
            FROM purchase_order_lines x JOIN purchase_orders po ON po.id = x.purchase_order_id JOIN items it ON it.id = x.item_id
            WHERE +x.partnership_id = @partnershipId
            """,
        ("quality_issues", _) => string.Format(CultureInfo.InvariantCulture, """
            SELECT x.id, x.title AS reference, x.severity || ', ' || x.state AS detail, {0} AS due_on, {1} AS done_on,
                   x.quantity_affected AS quantity, NULL AS quantity_done, NULL AS amount_minor, 'QualityIssue' AS entity, x.id AS entity_id
            FROM quality_issues x WHERE +x.partnership_id = @partnershipId
            """, database.Dialect.DateOf("x.raised_at"), database.Dialect.DateOf("x.closed_at")),
        ("invoices", _) => """
            SELECT x.id, x.number AS reference, x.currency AS detail, x.due_on, x.settled_on AS done_on,
                   NULL AS quantity, NULL AS quantity_done, x.amount_minor - x.paid_minor AS amount_minor, 'CreditLine' AS entity, x.id AS entity_id
            FROM invoices x WHERE +x.partnership_id = @partnershipId
            """,
        // Against their planned end, not their start: the stages that missed it.
        ("design_request_stages", ScorecardMetric.DesignStagesOnTime) => """
            SELECT x.id, r.title AS reference, x.stage AS detail, x.planned_end AS due_on, x.ended_on AS done_on,
                   NULL AS quantity, NULL AS quantity_done, NULL AS amount_minor, 'DesignRequest' AS entity, r.id AS entity_id
            FROM design_request_stages x JOIN design_requests r ON r.id = x.design_request_id WHERE +r.partnership_id = @partnershipId
            """,
        ("design_request_stages", _) => """
            SELECT x.id, r.title AS reference, x.stage AS detail, x.started_on AS due_on, x.ended_on AS done_on,
                   NULL AS quantity, NULL AS quantity_done, NULL AS amount_minor, 'DesignRequest' AS entity, r.id AS entity_id
            FROM design_request_stages x JOIN design_requests r ON r.id = x.design_request_id WHERE +r.partnership_id = @partnershipId
            """,
        ("equipment_loans", _) => """
            SELECT x.id, e.name || ' (' || e.serial || ')' AS reference, x.state AS detail, x.ends_on AS due_on, NULL AS done_on,
                   NULL AS quantity, NULL AS quantity_done, NULL AS amount_minor, 'EquipmentLoan' AS entity, x.id AS entity_id
            FROM equipment_loans x JOIN equipment e ON e.id = x.equipment_id WHERE +x.partnership_id = @partnershipId
            """,
        ("guarantees", _) => """
            SELECT x.id, x.metric AS reference, x.period AS detail, x.effective_from AS due_on, x.effective_to AS done_on,
                   NULL AS quantity, NULL AS quantity_done, NULL AS amount_minor, 'Guarantee' AS entity, x.id AS entity_id
            FROM guarantees x WHERE +x.partnership_id = @partnershipId
            """,
        ("penalty_credits", _) => """
            SELECT x.id, x.reason AS reference, x.state AS detail, x.period_end AS due_on, NULL AS done_on,
                   NULL AS quantity, NULL AS quantity_done, x.amount_minor, 'PenaltyCredit' AS entity, x.id AS entity_id
            FROM penalty_credits x WHERE +x.partnership_id = @partnershipId
            """,
        ("review_action_items", _) => string.Format(CultureInfo.InvariantCulture, """
            SELECT x.id, x.title AS reference, o.display_name || ', ' || x.state AS detail, x.due_on, {0} AS done_on,
                   NULL AS quantity, NULL AS quantity_done, NULL AS amount_minor, 'ActionItem' AS entity, x.id AS entity_id
            FROM review_action_items x JOIN users o ON o.id = x.owner_user_id WHERE +x.partnership_id = @partnershipId
            """, database.Dialect.DateOf("x.closed_at")),
        _ => null,
    };

    /// <summary>Every partnership: the scorecard job's fan-out list (the job acts for each with a scope of that one partnership).</summary>
    public async Task<IReadOnlyList<long>> GetPartnershipIdsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<long>(new CommandDefinition("SELECT id FROM partnerships ORDER BY id", cancellationToken: cancellationToken))).ToList();
    }

    private async Task<IReadOnlyList<ScorecardMonth>> HistoryAsync(DbConnection connection, CallerScope scope, long partnershipId, DateOnly from, DateOnly to,
        CancellationToken cancellationToken)
    {
        var snapshots = (await connection.QueryAsync<ScorecardSnapshot>(new CommandDefinition(
            $"""
            SELECT {SnapshotColumns} FROM scorecard_snapshots s
            WHERE s.partnership_id = @partnershipId AND {database.Dialect.IsIn("s.partnership_id", "@Allowed")} AND {LatestRevision}
              AND s.month >= @from AND s.month <= @to
            ORDER BY s.month DESC
            """, new { partnershipId, Allowed = scope.PartnershipIds, from, to }, cancellationToken: cancellationToken))).ToList();
        return await WithMetricsAsync(connection, snapshots, cancellationToken);
    }

    private async Task<IReadOnlyList<ScorecardMonth>> WithMetricsAsync(DbConnection connection, IReadOnlyList<ScorecardSnapshot> snapshots, CancellationToken cancellationToken)
    {
        var metrics = (await MetricsAsync(connection, null, snapshots.Select(s => s.Id).ToList(), cancellationToken)).ToLookup(m => m.SnapshotId);
        return snapshots.Select(s => new ScorecardMonth(s, metrics[s.Id].ToList())).ToList();
    }

    private async Task<IReadOnlyList<SnapshotMetric>> MetricsAsync(DbConnection connection, DbTransaction? transaction, List<long> snapshotIds,
        CancellationToken cancellationToken)
    {
        if (snapshotIds.Count == 0)
        {
            return [];
        }
        var rows = await connection.QueryAsync<(long Id, string FormulaVersion, string MetricsJson)>(new CommandDefinition(
            $"SELECT s.id, s.formula_version, s.metrics_json FROM scorecard_snapshots s WHERE {database.Dialect.InList("s.id", "@ids")}",
            new { ids = database.Dialect.ListOf(snapshotIds) }, transaction, cancellationToken: cancellationToken));
        return rows.OrderBy(r => r.Id).SelectMany(r => StoredMetrics.Read(r.Id, r.FormulaVersion, r.MetricsJson)).ToList();
    }
}
