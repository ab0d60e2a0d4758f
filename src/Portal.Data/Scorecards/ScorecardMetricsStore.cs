using Dapper;
using Portal.Data.Credit;
using Portal.Data.Database;
using Portal.Data.Guarantees;
using Portal.Data.Loans;
using Portal.Data.Quality;
using Portal.Data.Tenancy;

namespace Portal.Data.Scorecards;

/// <summary>
/// Measures every scorecard metric of one partnership for one calendar month. Each metric is the one definition the
/// rest of the portal already uses (guarantees, quality, credit, loans): the scorecard asks those stores rather than
/// counting again, so the dashboard, a guarantee and the scorecard agree on the same window.
/// </summary>
public sealed class ScorecardMetricsStore(PortalDatabase database, GuaranteeMetricsStore guarantees, QualityMetricsStore quality, CreditStore credit,
    LoanStore loans, PenaltyCreditStore penalties)
{
    /// <summary>The most evidence rows a metric keeps: enough to drill into, bounded so one bad month cannot bloat a snapshot.</summary>
    public const int EvidenceLimit = 500;

    /// <summary>Every metric for the month starting <paramref name="month"/>; nothing when the partnership is not in the scope.</summary>
    public async Task<IReadOnlyDictionary<ScorecardMetric, Measurement>> MeasureMonthAsync(CallerScope scope, long partnershipId, DateOnly month,
        CancellationToken cancellationToken = default)
    {
        var currency = await CurrencyAsync(scope, partnershipId, cancellationToken);
        if (currency is null)
        {
            return new Dictionary<ScorecardMetric, Measurement>();
        }
        var from = month;
        var to = month.AddMonths(1).AddDays(-1);
        var endInstant = new DateTimeOffset(month.AddMonths(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var aging = await quality.GetAgingAsync(scope, partnershipId, endInstant, cancellationToken);
        var openIds = aging.Issues.Select(i => i.Id).ToList();
        var periods = await guarantees.PeriodsMetAsync(scope, partnershipId, from, to, cancellationToken);
        var position = await credit.GetPositionOnAsync(scope, partnershipId, to, EvidenceLimit, cancellationToken);
        var actionItems = await ActionItemsOnTimeAsync(scope, [partnershipId], from, to, cancellationToken);
        var measured = new Dictionary<ScorecardMetric, Measurement>
        {
            // A line counts as on time when what arrived by its due date covers it: early deliveries count, as on the dashboard.
            [ScorecardMetric.OnTimeInFull] = await guarantees.OnTimeInFullAsync(scope, partnershipId, from, to, earlyCountsAsOnTime: true, cancellationToken),
            [ScorecardMetric.QualityPpm] = await guarantees.PpmAsync(scope, partnershipId, from, to, cancellationToken),
            [ScorecardMetric.ContainmentOnTime] = await guarantees.ContainmentOnTimeAsync(scope, partnershipId, from, to, cancellationToken),
            [ScorecardMetric.FeasibilityTurnaroundDays] = await guarantees.FeasibilityTurnaroundAsync(scope, partnershipId, from, to, cancellationToken),
            [ScorecardMetric.OpenQualityIssues] = new(aging.OpenIssues, aging.OpenIssues, 1, "quality_issues", openIds),
            [ScorecardMetric.OpenIssueAverageAgeDays] = new(aging.OpenIssues == 0 ? null : aging.AverageOpenDays,
                aging.Issues.Sum(i => (long)QualityRules.OpenDays(i.RaisedAt, null, endInstant)), aging.OpenIssues, "quality_issues", openIds),
            [ScorecardMetric.GuaranteePeriodsMet] = periods,
            [ScorecardMetric.PenaltyCreditsIssued] = await penalties.IssuedForPeriodsAsync(scope, partnershipId, from, to, currency, periods.Denominator, cancellationToken),
            [ScorecardMetric.DesignStagesOnTime] = (await DesignStagesOnTimeAsync(scope, [partnershipId], from, to, cancellationToken))[partnershipId],
            [ScorecardMetric.SupplierActionItemsOnTime] = actionItems[(partnershipId, ScorecardSide.Supplier)],
            [ScorecardMetric.InvoicesPaidOnTime] = await InvoicesPaidOnTimeAsync(scope, partnershipId, from, to, cancellationToken),
            [ScorecardMetric.CreditUtilisation] = position is { } p
                ? new(p.Position.UtilisationPercent, p.Position.ExposureMinor, p.Position.EffectiveLimitMinor, "invoices", p.OverdueInvoiceIds)
                : NoData("invoices"),
            [ScorecardMetric.OverdueAmount] = position is { } q
                ? new(q.Position.OverdueMinor / 100m, q.Position.OverdueMinor, q.Position.OpenInvoiceCount, "invoices", q.OverdueInvoiceIds)
                : NoData("invoices"),
            [ScorecardMetric.LoansOverdue] = await loans.OverdueAtAsync(scope, partnershipId, to, cancellationToken),
            [ScorecardMetric.VerificationTurnaroundDays] = await quality.GetVerificationTurnaroundAsync(scope, partnershipId, from, to, cancellationToken),
            [ScorecardMetric.CustomerActionItemsOnTime] = actionItems[(partnershipId, ScorecardSide.Customer)],
        };
        return measured.ToDictionary(m => m.Key, m => m.Value with { SourceIds = m.Value.SourceIds.Take(EvidenceLimit).ToList() });
    }

    /// <summary>
    /// Invoices due in the window: the share settled (payments in its currency covering it) by its due date. An invoice
    /// still open when the month is measured was not paid on time. Evidence: the late and unpaid ones.
    /// </summary>
    public async Task<Measurement> InvoicesPaidOnTimeAsync(CallerScope scope, long partnershipId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var invoices = (await connection.QueryAsync<(long Id, bool OnTime)>(new CommandDefinition(
            $"""
            SELECT i.id, (i.settled_on IS NOT NULL AND i.settled_on <= i.due_on) AS on_time FROM invoices i
            WHERE i.partnership_id = @partnershipId AND {database.Dialect.IsIn("i.partnership_id", "@Allowed")}
              AND i.due_on >= @from AND i.due_on <= @to
            ORDER BY i.id
            """, new { partnershipId, Allowed = scope.PartnershipIds, from, to }, cancellationToken: cancellationToken))).ToList();
        var onTime = invoices.Count(i => i.OnTime);
        return new Measurement(GuaranteeRules.Percent(onTime, invoices.Count), onTime, invoices.Count, "invoices",
            invoices.Where(i => !i.OnTime).Select(i => i.Id).ToList());
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
            WHERE {database.Dialect.InList("r.partnership_id", "@ids")} AND {database.Dialect.IsIn("r.partnership_id", "@Allowed")}
              AND st.planned_end >= @from AND st.planned_end <= @to
              AND (st.ended_on IS NULL OR st.ended_on > st.planned_end OR NOT EXISTS (
                    SELECT 1 FROM design_request_stages w
                    WHERE w.design_request_id = st.design_request_id AND w.stage = 'Withdrawn' AND w.started_on = st.ended_on))
            ORDER BY r.partnership_id, st.id
            """, new { ids = database.Dialect.ListOf(partnershipIds), Allowed = scope.PartnershipIds, from, to }, cancellationToken: cancellationToken));
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
            WHERE {dialect.InList("a.partnership_id", "@ids")} AND {dialect.IsIn("a.partnership_id", "@Allowed")}
              AND a.due_on >= @from AND a.due_on <= @to
              AND NOT (a.state = 'Dropped' AND a.closed_at < {dialect.StartOfDayAfter("a.due_on")})
            ORDER BY a.partnership_id, a.id
            """, new { ids = dialect.ListOf(partnershipIds), Allowed = scope.PartnershipIds, from, to }, cancellationToken: cancellationToken));
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

    private async Task<string?> CurrencyAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            $"SELECT currency FROM partnerships WHERE id = @partnershipId AND {database.Dialect.IsIn("id", "@Allowed")}",
            new { partnershipId, Allowed = scope.PartnershipIds }, cancellationToken: cancellationToken));
    }

    private static Measurement NoData(string sourceTable) => new(null, 0, 0, sourceTable, []);
}
