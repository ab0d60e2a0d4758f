using Dapper;
using Portal.Data.Database;
using Portal.Data.DesignRequests;
using Portal.Data.Quality;
using Portal.Data.Tenancy;

namespace Portal.Data.Guarantees;

/// <summary>
/// Measures the guaranteed metrics over a window of days (both inclusive) from what the ERP synced and what the
/// portal recorded. Each answer carries the rows that count against the promise, so a credit can show its evidence.
/// </summary>
public sealed class GuaranteeMetricsStore(PortalDatabase database, QualityMetricsStore quality)
{
    public Task<Measurement> MeasureAsync(CallerScope scope, Guarantee guarantee, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        guarantee.Metric switch
        {
            GuaranteeMetric.OnTimeInFull => OnTimeInFullAsync(scope, guarantee.PartnershipId, from, to, guarantee.EarlyCountsAsOnTime, cancellationToken),
            GuaranteeMetric.QualityPpm => PpmAsync(scope, guarantee.PartnershipId, from, to, cancellationToken),
            GuaranteeMetric.ContainmentOnTime => ContainmentOnTimeAsync(scope, guarantee.PartnershipId, from, to, cancellationToken),
            _ => FeasibilityTurnaroundAsync(scope, guarantee.PartnershipId, from, to, cancellationToken),
        };

    /// <summary>Purchase-order lines due in the window: the share that arrived on time in full. Evidence: the lines that did not.</summary>
    public async Task<Measurement> OnTimeInFullAsync(CallerScope scope, long partnershipId, DateOnly from, DateOnly to, bool earlyCountsAsOnTime, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<LineReceipt>(new CommandDefinition(
            $"""
            SELECT pol.id AS line_id, pol.quantity AS ordered, pol.due_on, d.delivered_on, dl.quantity AS delivered
            FROM purchase_order_lines pol
            LEFT JOIN delivery_lines dl ON dl.po_line_id = pol.id
            LEFT JOIN deliveries d ON d.id = dl.delivery_id
            WHERE pol.partnership_id = @partnershipId AND {database.Dialect.IsIn("pol.partnership_id", "@Allowed")}
              AND pol.due_on >= @from AND pol.due_on <= @to
            ORDER BY pol.id
            """, new { partnershipId, Allowed = scope.PartnershipIds, from, to }, cancellationToken: cancellationToken));
        var lines = rows.GroupBy(r => r.LineId).Select(g =>
        {
            var first = g.First();
            var receipts = g.Where(r => r.DeliveredOn is not null).Select(r => new Receipt(r.DeliveredOn!.Value, r.Delivered ?? 0));
            return (g.Key, Ok: GuaranteeRules.IsOnTimeInFull(first.DueOn, first.Ordered, receipts, earlyCountsAsOnTime));
        }).ToList();
        var onTime = lines.Count(l => l.Ok);
        return new Measurement(GuaranteeRules.Percent(onTime, lines.Count), onTime, lines.Count, "purchase_order_lines",
            lines.Where(l => !l.Ok).Select(l => l.Key).ToList());
    }

    /// <summary>
    /// Purchase-order lines due in the window, for each of <paramref name="partnershipIds"/>: the share on time in full,
    /// early deliveries counting as on time, read from what the ERP writer keeps beside the lines (a line is fulfilled on
    /// the day its receipts covered it; on time in full when that day is not after its due date), as the dashboard
    /// counts them. It is the receipts' judgement of the method above with early counting, kept up to date at every
    /// sync: the lines due come from their daily counts (order_lines_due), the late ones, which are also the evidence,
    /// from the index that holds only late lines, so a month of every partnership reads neither its on-time lines nor
    /// more than a row a day.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, Measurement>> OnTimeInFullAsync(CallerScope scope, IReadOnlyCollection<long> partnershipIds, DateOnly from, DateOnly to,
        CancellationToken cancellationToken = default)
    {
        var dialect = database.Dialect;
        var partnerships = $"{dialect.InList("partnership_id", "@ids")} AND {dialect.InList("partnership_id", "@Allowed")}";
        // The late condition is ix_po_lines_late's own, word for word: the planners match a partial index by its text.
        var sql = $"""
            SELECT partnership_id, SUM(lines) FROM order_lines_due
            WHERE {partnerships} AND due_on >= @from AND due_on <= @to
            GROUP BY partnership_id;
            SELECT partnership_id, COUNT(*), {dialect.IdList("id")} FROM purchase_order_lines
            WHERE {partnerships} AND due_on >= @from AND due_on <= @to AND (fulfilled_on IS NULL OR fulfilled_on > due_on)
            GROUP BY partnership_id
            """;
        await using var connection = await database.OpenAsync(cancellationToken);
        using var reads = await connection.QueryMultipleAsync(new CommandDefinition(
            sql, new { ids = dialect.ListOf(partnershipIds), Allowed = dialect.ListOf(scope.PartnershipIds), from, to }, cancellationToken: cancellationToken));
        var due = (await reads.ReadAsync<(long PartnershipId, long Lines)>()).ToDictionary(r => r.PartnershipId, r => r.Lines);
        var late = (await reads.ReadAsync<(long PartnershipId, long Lines, string Ids)>()).ToDictionary(r => r.PartnershipId);
        return partnershipIds.ToDictionary(p => p, p =>
        {
            var lines = due.GetValueOrDefault(p);
            var (lateLines, lateIds) = late.TryGetValue(p, out var l) ? (l.Lines, Dialect.ParseIdList(l.Ids)) : (0, []);
            return new Measurement(GuaranteeRules.Percent(lines - lateLines, lines), lines - lateLines, lines, "purchase_order_lines", lateIds);
        });
    }

    /// <summary>The quality issue's ppm (<see cref="QualityMetricsStore.GetPpmAsync"/>). Evidence: the issues raised in the window.</summary>
    public async Task<Measurement> PpmAsync(CallerScope scope, long partnershipId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        (await PpmAsync(scope, [partnershipId], from, to, cancellationToken))[partnershipId];

    /// <summary>Ppm of each of <paramref name="partnershipIds"/>, as <see cref="PpmAsync(CallerScope, long, DateOnly, DateOnly, CancellationToken)"/>.</summary>
    public async Task<IReadOnlyDictionary<long, Measurement>> PpmAsync(CallerScope scope, IReadOnlyCollection<long> partnershipIds, DateOnly from, DateOnly to,
        CancellationToken cancellationToken = default)
    {
        var ppm = await quality.GetPpmAsync(scope, partnershipIds, from, to, cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        var issues = (await connection.QueryAsync<(long PartnershipId, long Id)>(new CommandDefinition(
            $"""
            SELECT q.partnership_id, q.id FROM quality_issues q
            WHERE {database.Dialect.InList("q.partnership_id", "@ids")} AND {database.Dialect.InList("q.partnership_id", "@Allowed")}
              AND q.raised_at >= @FromInstant AND q.raised_at < @EndInstant AND q.quantity_affected > 0
            ORDER BY q.partnership_id, q.id
            """, new { ids = database.Dialect.ListOf(partnershipIds), Allowed = database.Dialect.ListOf(scope.PartnershipIds), FromInstant = StartOf(from), EndInstant = StartOf(to.AddDays(1)) },
            cancellationToken: cancellationToken))).ToLookup(i => i.PartnershipId, i => i.Id);
        return partnershipIds.ToDictionary(p => p, p => new Measurement(ppm[p].Ppm, ppm[p].NonconformingQuantity, ppm[p].DeliveredQuantity, "quality_issues", issues[p].ToList()));
    }

    /// <summary>
    /// Issues whose containment (D3) fell due in the window: the share contained by the due time. The due time is the one
    /// fixed on the issue when it was raised (or its severity changed), never D3's working due date, which people move.
    /// An issue still not contained when its period is measured was not contained on time. Evidence: the late ones.
    /// </summary>
    public async Task<Measurement> ContainmentOnTimeAsync(CallerScope scope, long partnershipId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        (await ContainmentOnTimeAsync(scope, [partnershipId], from, to, cancellationToken))[partnershipId];

    public async Task<IReadOnlyDictionary<long, Measurement>> ContainmentOnTimeAsync(CallerScope scope, IReadOnlyCollection<long> partnershipIds, DateOnly from, DateOnly to,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var steps = (await connection.QueryAsync<ContainmentStep>(new CommandDefinition(
            $"""
            SELECT q.partnership_id, q.id AS issue_id, q.containment_due_at AS due_at, s.done_at FROM quality_issues q
            JOIN quality_issue_steps s ON s.issue_id = q.id AND s.step = 'D3'
            WHERE {database.Dialect.InList("q.partnership_id", "@ids")} AND {database.Dialect.InList("q.partnership_id", "@Allowed")}
              AND q.containment_due_at >= @FromInstant AND q.containment_due_at < @EndInstant
            ORDER BY q.partnership_id, q.id
            """, new { ids = database.Dialect.ListOf(partnershipIds), Allowed = database.Dialect.ListOf(scope.PartnershipIds), FromInstant = StartOf(from), EndInstant = StartOf(to.AddDays(1)) },
            cancellationToken: cancellationToken))).ToLookup(s => s.PartnershipId);
        return partnershipIds.ToDictionary(p => p, p => Containment(steps[p].ToList()));
    }

    private static Measurement Containment(List<ContainmentStep> steps)
    {
        var late = steps.Where(s => s.DoneAt is not { } done || done > s.DueAt).Select(s => s.IssueId).ToList();
        var onTime = steps.Count - late.Count;
        return new Measurement(GuaranteeRules.Percent(onTime, steps.Count), onTime, steps.Count, "quality_issues", late);
    }

    /// <summary>Feasibility stages that ended in the window: their average length in working days. Evidence: those stages.</summary>
    public async Task<Measurement> FeasibilityTurnaroundAsync(CallerScope scope, long partnershipId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        (await FeasibilityTurnaroundAsync(scope, [partnershipId], from, to, cancellationToken))[partnershipId];

    public async Task<IReadOnlyDictionary<long, Measurement>> FeasibilityTurnaroundAsync(CallerScope scope, IReadOnlyCollection<long> partnershipIds, DateOnly from, DateOnly to,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var stages = (await connection.QueryAsync<FeasibilityStage>(new CommandDefinition(
            $"""
            SELECT r.partnership_id, st.id, st.started_on, st.ended_on FROM design_request_stages st
            JOIN design_requests r ON r.id = st.design_request_id
            WHERE {database.Dialect.InList("r.partnership_id", "@ids")} AND {database.Dialect.InList("r.partnership_id", "@Allowed")}
              AND st.stage = 'Feasibility' AND st.ended_on >= @from AND st.ended_on <= @to
            ORDER BY r.partnership_id, st.id
            """, new { ids = database.Dialect.ListOf(partnershipIds), Allowed = database.Dialect.ListOf(scope.PartnershipIds), from, to }, cancellationToken: cancellationToken))).ToLookup(s => s.PartnershipId);
        return partnershipIds.ToDictionary(p => p, p => Feasibility(stages[p].ToList()));
    }

    private static Measurement Feasibility(List<FeasibilityStage> stages)
    {
        var days = stages.Sum(s => (long)WorkingDays.Between(s.StartedOn, s.EndedOn));
        return new Measurement(GuaranteeRules.Average(days, stages.Count), days, stages.Count, "design_request_stages", stages.Select(s => s.Id).ToList());
    }

    /// <summary>
    /// Guarantee periods that ended in the window and were judged (Met or Missed; NoData is not judged): the share met.
    /// Evidence: the guarantees that missed.
    /// </summary>
    public async Task<Measurement> PeriodsMetAsync(CallerScope scope, long partnershipId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        (await PeriodsMetAsync(scope, [partnershipId], from, to, cancellationToken))[partnershipId];

    public async Task<IReadOnlyDictionary<long, Measurement>> PeriodsMetAsync(CallerScope scope, IReadOnlyCollection<long> partnershipIds, DateOnly from, DateOnly to,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var results = (await connection.QueryAsync<(long PartnershipId, long GuaranteeId, string Outcome)>(new CommandDefinition(
            $"""
            SELECT r.partnership_id, r.guarantee_id, r.outcome FROM guarantee_results r
            WHERE {database.Dialect.InList("r.partnership_id", "@ids")} AND {database.Dialect.InList("r.partnership_id", "@Allowed")}
              AND r.period_end >= @from AND r.period_end <= @to AND r.outcome IN ('Met', 'Missed')
            ORDER BY r.partnership_id, r.guarantee_id, r.period_start
            """, new { ids = database.Dialect.ListOf(partnershipIds), Allowed = database.Dialect.ListOf(scope.PartnershipIds), from, to }, cancellationToken: cancellationToken)))
            .ToLookup(r => r.PartnershipId, r => (r.GuaranteeId, r.Outcome));
        return partnershipIds.ToDictionary(p => p, p => PeriodsMet(results[p].ToList()));
    }

    private static Measurement PeriodsMet(List<(long GuaranteeId, string Outcome)> results)
    {
        var met = results.Count(r => r.Outcome == nameof(PeriodOutcome.Met));
        return new Measurement(GuaranteeRules.Percent(met, results.Count), met, results.Count, "guarantees",
            results.Where(r => r.Outcome == nameof(PeriodOutcome.Missed)).Select(r => r.GuaranteeId).Distinct().ToList());
    }

    /// <summary>What the ERP invoiced in the window in the guarantee's currency: the base of a percentage penalty.</summary>
    public async Task<long> InvoicedAsync(CallerScope scope, long partnershipId, DateOnly from, DateOnly to, string currency, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"""
            SELECT COALESCE(SUM(i.amount_minor), 0) FROM invoices i
            WHERE i.partnership_id = @partnershipId AND {database.Dialect.IsIn("i.partnership_id", "@Allowed")}
              AND i.issued_on >= @from AND i.issued_on <= @to AND UPPER(i.currency) = @Currency
            """, new { partnershipId, Allowed = scope.PartnershipIds, from, to, Currency = currency.ToUpperInvariant() }, cancellationToken: cancellationToken));
    }

    private static DateTimeOffset StartOf(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private sealed record LineReceipt
    {
        public long LineId { get; init; }
        public long Ordered { get; init; }
        public DateOnly DueOn { get; init; }
        public DateOnly? DeliveredOn { get; init; }
        public long? Delivered { get; init; }
    }

    private sealed record ContainmentStep
    {
        public long PartnershipId { get; init; }
        public long IssueId { get; init; }
        public DateTimeOffset DueAt { get; init; }
        public DateTimeOffset? DoneAt { get; init; }
    }

    private sealed record FeasibilityStage
    {
        public long PartnershipId { get; init; }
        public long Id { get; init; }
        public DateOnly StartedOn { get; init; }
        public DateOnly EndedOn { get; init; }
    }
}
