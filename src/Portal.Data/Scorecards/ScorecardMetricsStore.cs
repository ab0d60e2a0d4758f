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
            [ScorecardMetric.InvoicesPaidOnTime] = await InvoicesPaidOnTimeAsync(scope, partnershipId, from, to, cancellationToken),
            [ScorecardMetric.CreditUtilisation] = position is { } p
                ? new(p.Position.UtilisationPercent, p.Position.ExposureMinor, p.Position.EffectiveLimitMinor, "invoices", p.OverdueInvoiceIds)
                : NoData("invoices"),
            [ScorecardMetric.OverdueAmount] = position is { } q
                ? new(q.Position.OverdueMinor / 100m, q.Position.OverdueMinor, q.Position.OpenInvoiceCount, "invoices", q.OverdueInvoiceIds)
                : NoData("invoices"),
            [ScorecardMetric.LoansOverdue] = await loans.OverdueAtAsync(scope, partnershipId, to, cancellationToken),
            [ScorecardMetric.VerificationTurnaroundDays] = await quality.GetVerificationTurnaroundAsync(scope, partnershipId, from, to, cancellationToken),
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

    private async Task<string?> CurrencyAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            $"SELECT currency FROM partnerships WHERE id = @partnershipId AND {database.Dialect.IsIn("id", "@Allowed")}",
            new { partnershipId, Allowed = scope.PartnershipIds }, cancellationToken: cancellationToken));
    }

    private static Measurement NoData(string sourceTable) => new(null, 0, 0, sourceTable, []);
}
