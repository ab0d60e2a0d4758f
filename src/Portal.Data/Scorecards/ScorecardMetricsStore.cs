using Dapper;
using Portal.Data.Credit;
using Portal.Data.Database;
using Portal.Data.Guarantees;
using Portal.Data.Loans;
using Portal.Data.Quality;
using Portal.Data.Tenancy;

namespace Portal.Data.Scorecards;

/// <summary>
/// Measures every scorecard metric of a set of partnerships for one calendar month, each metric one query grouped by
/// partnership (the job's month for every partnership is as many queries as there are metrics, not that many per
/// partnership). Each metric is the one definition the rest of the portal already uses (guarantees, quality, credit,
/// loans, the dashboard): the scorecard asks those stores rather than counting again, so they agree on the same window.
/// </summary>
public sealed class ScorecardMetricsStore(PortalDatabase database, GuaranteeMetricsStore guarantees, QualityMetricsStore quality, CreditStore credit,
    LoanStore loans, PenaltyCreditStore penalties)
{
    /// <summary>The most evidence rows a metric keeps: enough to drill into, bounded so one bad month cannot bloat a snapshot.</summary>
    public const int EvidenceLimit = 500;

    /// <summary>Every metric for the month starting <paramref name="month"/>; nothing when the partnership is not in the scope.</summary>
    public async Task<IReadOnlyDictionary<ScorecardMetric, Measurement>> MeasureMonthAsync(CallerScope scope, long partnershipId, DateOnly month,
        CancellationToken cancellationToken = default) =>
        (await MeasureMonthAsync(scope, [partnershipId], month, cancellationToken)).GetValueOrDefault(partnershipId) ?? new Dictionary<ScorecardMetric, Measurement>();

    /// <summary>
    /// Every metric of each of <paramref name="partnershipIds"/> in the caller's scope for the month starting
    /// <paramref name="month"/>, by partnership; the ones outside the scope are left out.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyDictionary<ScorecardMetric, Measurement>>> MeasureMonthAsync(CallerScope scope,
        IReadOnlyCollection<long> partnershipIds, DateOnly month, CancellationToken cancellationToken = default)
    {
        var currencies = await ScorecardTelemetry.StepAsync("measure currencies", () => CurrenciesAsync(scope, partnershipIds, cancellationToken));
        if (currencies.Count == 0)
        {
            return new Dictionary<long, IReadOnlyDictionary<ScorecardMetric, Measurement>>();
        }
        var ids = currencies.Keys.ToList();
        var from = month;
        var to = month.AddMonths(1).AddDays(-1);
        var endInstant = new DateTimeOffset(month.AddMonths(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        // A line counts as on time when what arrived by its due date covers it: early deliveries count, as on the dashboard.
        var otif = await ScorecardTelemetry.StepAsync("measure on time in full", () => guarantees.OnTimeInFullAsync(scope, ids, from, to, cancellationToken));
        var ppm = await ScorecardTelemetry.StepAsync("measure ppm", () => guarantees.PpmAsync(scope, ids, from, to, cancellationToken));
        var containment = await ScorecardTelemetry.StepAsync("measure containment", () => guarantees.ContainmentOnTimeAsync(scope, ids, from, to, cancellationToken));
        var feasibility = await ScorecardTelemetry.StepAsync("measure feasibility", () => guarantees.FeasibilityTurnaroundAsync(scope, ids, from, to, cancellationToken));
        var aging = await ScorecardTelemetry.StepAsync("measure open issues", () => quality.GetAgingAsync(scope, ids, endInstant, cancellationToken));
        var periods = await ScorecardTelemetry.StepAsync("measure guarantee periods", () => guarantees.PeriodsMetAsync(scope, ids, from, to, cancellationToken));
        var credits = await ScorecardTelemetry.StepAsync("measure penalty credits", () => penalties.IssuedForPeriodsAsync(scope, ids.ToDictionary(p => p, p => (currencies[p], periods[p].Denominator)), from, to, cancellationToken));
        var stages = await ScorecardTelemetry.StepAsync("measure design stages", () => DesignStagesOnTimeAsync(scope, ids, from, to, cancellationToken));
        var invoices = await ScorecardTelemetry.StepAsync("measure invoices", () => InvoicesPaidOnTimeAsync(scope, ids, from, to, cancellationToken));
        var positions = await ScorecardTelemetry.StepAsync("measure credit positions", () => PositionsAsync(scope, ids, to, cancellationToken));
        var overdueLoans = await ScorecardTelemetry.StepAsync("measure loans overdue", () => loans.OverdueAtAsync(scope, ids, to, cancellationToken));
        var verification = await ScorecardTelemetry.StepAsync("measure verification", () => quality.GetVerificationTurnaroundAsync(scope, ids, from, to, cancellationToken));
        var actionItems = await ScorecardTelemetry.StepAsync("measure action items", () => ActionItemsOnTimeAsync(scope, ids, from, to, cancellationToken));
        return ids.ToDictionary(p => p, IReadOnlyDictionary<ScorecardMetric, Measurement> (p) =>
        {
            var open = aging[p];
            var openIds = open.Issues.Select(i => i.Id).ToList();
            var hasLine = positions.TryGetValue(p, out var position);
            var measured = new Dictionary<ScorecardMetric, Measurement>
            {
                [ScorecardMetric.OnTimeInFull] = otif[p],
                [ScorecardMetric.QualityPpm] = ppm[p],
                [ScorecardMetric.ContainmentOnTime] = containment[p],
                [ScorecardMetric.FeasibilityTurnaroundDays] = feasibility[p],
                [ScorecardMetric.OpenQualityIssues] = new(open.OpenIssues, open.OpenIssues, 1, "quality_issues", openIds),
                [ScorecardMetric.OpenIssueAverageAgeDays] = new(open.OpenIssues == 0 ? null : open.AverageOpenDays,
                    open.Issues.Sum(i => (long)QualityRules.OpenDays(i.RaisedAt, null, endInstant)), open.OpenIssues, "quality_issues", openIds),
                [ScorecardMetric.GuaranteePeriodsMet] = periods[p],
                [ScorecardMetric.PenaltyCreditsIssued] = credits[p],
                [ScorecardMetric.DesignStagesOnTime] = stages[p],
                [ScorecardMetric.SupplierActionItemsOnTime] = actionItems[(p, ScorecardSide.Supplier)],
                [ScorecardMetric.InvoicesPaidOnTime] = invoices[p],
                [ScorecardMetric.CreditUtilisation] = hasLine
                    ? new(position.Position.UtilisationPercent, position.Position.ExposureMinor, position.Position.EffectiveLimitMinor, "invoices", position.OverdueInvoiceIds)
                    : NoData("invoices"),
                [ScorecardMetric.OverdueAmount] = hasLine
                    ? new(position.Position.OverdueMinor / 100m, position.Position.OverdueMinor, position.Position.OpenInvoiceCount, "invoices", position.OverdueInvoiceIds)
                    : NoData("invoices"),
                [ScorecardMetric.LoansOverdue] = overdueLoans[p],
                [ScorecardMetric.VerificationTurnaroundDays] = verification[p],
                [ScorecardMetric.CustomerActionItemsOnTime] = actionItems[(p, ScorecardSide.Customer)],
            };
            return measured.ToDictionary(m => m.Key, m => m.Value with { SourceIds = m.Value.SourceIds.Take(EvidenceLimit).ToList() });
        });
    }

    /// <summary>
    /// The credit position at the end of <paramref name="day"/> of the partnerships that have a credit line (found in one
    /// query): the ledger is read per partnership, for those only; the others have no data.
    /// </summary>
    private async Task<Dictionary<long, (CreditPosition Position, IReadOnlyList<long> OverdueInvoiceIds)>> PositionsAsync(CallerScope scope, IReadOnlyCollection<long> partnershipIds,
        DateOnly day, CancellationToken cancellationToken)
    {
        List<long> withLine;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            withLine = (await connection.QueryAsync<long>(new CommandDefinition(
                $"SELECT partnership_id FROM credit_lines WHERE {database.Dialect.InList("partnership_id", "@ids")} AND {database.Dialect.InList("partnership_id", "@Allowed")} ORDER BY partnership_id",
                new { ids = database.Dialect.ListOf(partnershipIds), Allowed = database.Dialect.ListOf(scope.PartnershipIds) }, cancellationToken: cancellationToken))).ToList();
        }
        var positions = new Dictionary<long, (CreditPosition, IReadOnlyList<long>)>();
        foreach (var id in withLine)
        {
            if (await credit.GetPositionOnAsync(scope, id, day, EvidenceLimit, cancellationToken) is { } position)
            {
                positions[id] = position;
            }
        }
        return positions;
    }

    /// <summary>
    /// Invoices due in the window: the share settled (payments in its currency covering it) by its due date. An invoice
    /// still open when the month is measured was not paid on time. Evidence: the late and unpaid ones.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, Measurement>> InvoicesPaidOnTimeAsync(CallerScope scope, IReadOnlyCollection<long> partnershipIds, DateOnly from, DateOnly to,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var invoices = (await connection.QueryAsync<(long PartnershipId, long Id, bool OnTime)>(new CommandDefinition(
            $"""
            SELECT i.partnership_id, i.id, (i.settled_on IS NOT NULL AND i.settled_on <= i.due_on) AS on_time FROM invoices i
            WHERE {database.Dialect.InList("i.partnership_id", "@ids")} AND {database.Dialect.InList("i.partnership_id", "@Allowed")}
              AND i.due_on >= @from AND i.due_on <= @to
            ORDER BY i.partnership_id, i.id
            """, new { ids = database.Dialect.ListOf(partnershipIds), Allowed = database.Dialect.ListOf(scope.PartnershipIds), from, to }, cancellationToken: cancellationToken)))
            .ToLookup(i => i.PartnershipId, i => (i.Id, i.OnTime));
        return partnershipIds.ToDictionary(p => p, p => OnTimeShare(invoices[p], "invoices"));
    }

    /// <summary>
    /// Design stages with a target whose planned end falls in the window, per partnership: the share that ended by its
    /// planned end. A stage is late from the day after its planned end, as on the design requests' overdue filter and in
    /// My work; one still open when the month is measured was not finished within its target. A stage ended by the
    /// customer withdrawing the request before it was due is left out: the supplier had nothing left to finish. Evidence:
    /// the late stages. Partnerships with no such stage have no data.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, Measurement>> DesignStagesOnTimeAsync(CallerScope scope, IReadOnlyCollection<long> partnershipIds,
        DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var stages = await connection.QueryAsync<(long PartnershipId, long Id, bool OnTime)>(new CommandDefinition(
            $"""
            SELECT r.partnership_id, st.id, (st.ended_on IS NOT NULL AND st.ended_on <= st.planned_end) AS on_time
            FROM design_request_stages st JOIN design_requests r ON r.id = st.design_request_id
            WHERE {database.Dialect.InList("r.partnership_id", "@ids")} AND {database.Dialect.InList("r.partnership_id", "@Allowed")}
              AND st.planned_end >= @from AND st.planned_end <= @to
              AND (st.ended_on IS NULL OR st.ended_on > st.planned_end OR NOT EXISTS (
                    SELECT 1 FROM design_request_stages w
                    WHERE w.design_request_id = st.design_request_id AND w.stage = 'Withdrawn' AND w.started_on = st.ended_on))
            ORDER BY r.partnership_id, st.id
            """, new { ids = database.Dialect.ListOf(partnershipIds), Allowed = database.Dialect.ListOf(scope.PartnershipIds), from, to }, cancellationToken: cancellationToken));
        var byPartnership = stages.ToLookup(s => s.PartnershipId, s => (s.Id, s.OnTime));
        return partnershipIds.ToDictionary(p => p, p => OnTimeShare(byPartnership[p], "design_request_stages"));
    }

    /// <summary>
    /// Review action items due in the window, per partnership and by the side of their owner: the share done by the end
    /// of the due day (an item is late from the next day on, as in My work and the overdue notice). One still open when
    /// the month is measured was not done on time; one dropped by its due day was not needed and is left out, one
    /// dropped later was missed. Evidence: the items not done on time.
    /// </summary>
    public async Task<IReadOnlyDictionary<(long PartnershipId, ScorecardSide Side), Measurement>> ActionItemsOnTimeAsync(CallerScope scope,
        IReadOnlyCollection<long> partnershipIds, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var dialect = database.Dialect;
        await using var connection = await database.OpenAsync(cancellationToken);
        var items = await connection.QueryAsync<(long PartnershipId, bool OwnerCustomer, long Id, bool OnTime)>(new CommandDefinition(
            $"""
            SELECT a.partnership_id, a.owner_customer, a.id, (a.state = 'Done' AND a.closed_at < {dialect.StartOfDayAfter("a.due_on")}) AS on_time
            FROM review_action_items a
            WHERE {dialect.InList("a.partnership_id", "@ids")} AND {dialect.InList("a.partnership_id", "@Allowed")}
              AND a.due_on >= @from AND a.due_on <= @to
              AND NOT (a.state = 'Dropped' AND a.closed_at < {dialect.StartOfDayAfter("a.due_on")})
            ORDER BY a.partnership_id, a.id
            """, new { ids = dialect.ListOf(partnershipIds), Allowed = dialect.ListOf(scope.PartnershipIds), from, to }, cancellationToken: cancellationToken));
        var bySide = items.ToLookup(i => (i.PartnershipId, i.OwnerCustomer ? ScorecardSide.Customer : ScorecardSide.Supplier), i => (i.Id, i.OnTime));
        return partnershipIds
            .SelectMany(p => Enum.GetValues<ScorecardSide>().Select(side => (p, side)))
            .ToDictionary(k => k, k => OnTimeShare(bySide[k], "review_action_items"));
    }

    /// <summary>The share on time of what fell due; no data when nothing did. Evidence: the ones not on time.</summary>
    private static Measurement OnTimeShare(IEnumerable<(long Id, bool OnTime)> due, string sourceTable)
    {
        var rows = due.ToList();
        var onTime = rows.Count(r => r.OnTime);
        return new Measurement(GuaranteeRules.Percent(onTime, rows.Count), onTime, rows.Count, sourceTable, rows.Where(r => !r.OnTime).Select(r => r.Id).ToList());
    }

    private async Task<Dictionary<long, string>> CurrenciesAsync(CallerScope scope, IReadOnlyCollection<long> partnershipIds, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<(long Id, string Currency)>(new CommandDefinition(
            $"SELECT id, currency FROM partnerships WHERE {database.Dialect.InList("id", "@ids")} AND {database.Dialect.InList("id", "@Allowed")} ORDER BY id",
            new { ids = database.Dialect.ListOf(partnershipIds), Allowed = database.Dialect.ListOf(scope.PartnershipIds) }, cancellationToken: cancellationToken))).ToDictionary(p => p.Id, p => p.Currency);
    }

    private static Measurement NoData(string sourceTable) => new(null, 0, 0, sourceTable, []);
}
