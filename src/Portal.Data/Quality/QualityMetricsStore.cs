using Dapper;
using Portal.Data.Database;
using Portal.Data.Guarantees;
using Portal.Data.Tenancy;

namespace Portal.Data.Quality;

/// <summary>Aging and ppm from the partnership's issues and the delivered quantities the ERP synced. Health reviews reuse these.</summary>
public sealed class QualityMetricsStore(PortalDatabase database)
{
    /// <summary>
    /// The issues open at <paramref name="asOf"/>: now for the issue list, a month's end for the scorecard. An issue closed
    /// or a step done after that moment was still open then, so the same figures can be asked of any past moment.
    /// </summary>
    public async Task<QualityAging> GetAgingAsync(CallerScope scope, long partnershipId, DateTimeOffset asOf, CancellationToken cancellationToken = default) =>
        (await GetAgingAsync(scope, [partnershipId], asOf, cancellationToken))[partnershipId];

    public async Task<IReadOnlyDictionary<long, QualityAging>> GetAgingAsync(CallerScope scope, IReadOnlyCollection<long> partnershipIds, DateTimeOffset asOf,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<OpenIssueAge>(new CommandDefinition(
            $"""
            SELECT q.partnership_id, q.id, q.severity, q.raised_at,
                   (SELECT COUNT(*) FROM quality_issue_steps s WHERE s.issue_id = q.id AND (s.done_at IS NULL OR s.done_at > @asOf) AND s.due_at < @asOf) AS overdue_steps,
                   q.containment_due_at < @asOf AND EXISTS (SELECT 1 FROM quality_issue_steps s WHERE s.issue_id = q.id AND s.step = 'D3' AND (s.done_at IS NULL OR s.done_at > @asOf)) AS containment_overdue
            FROM quality_issues q
            WHERE {database.Dialect.InList("q.partnership_id", "@ids")} AND {database.Dialect.InList("q.partnership_id", "@Allowed")}
              AND (q.state = 'Open' OR q.closed_at > @asOf) AND q.raised_at <= @asOf
            ORDER BY q.partnership_id, q.raised_at, q.id
            """, new { ids = database.Dialect.ListOf(partnershipIds), Allowed = database.Dialect.ListOf(scope.PartnershipIds), asOf }, cancellationToken: cancellationToken))).ToLookup(r => r.PartnershipId);
        return partnershipIds.ToDictionary(p => p, p => new QualityAging(rows[p].ToList(), asOf));
    }

    /// <summary>
    /// How long the customer took to judge the corrective action (8D D6): for each issue whose verification was accepted in
    /// the window, the days from D5 done to the acceptance; their average, with one decimal. A rejection keeps no time of
    /// its own (the issue's D5 reopens), so only accepted verifications are timed. Evidence: those issues.
    /// </summary>
    public async Task<Measurement> GetVerificationTurnaroundAsync(CallerScope scope, long partnershipId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        (await GetVerificationTurnaroundAsync(scope, [partnershipId], from, to, cancellationToken))[partnershipId];

    public async Task<IReadOnlyDictionary<long, Measurement>> GetVerificationTurnaroundAsync(CallerScope scope, IReadOnlyCollection<long> partnershipIds, DateOnly from, DateOnly to,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<(long PartnershipId, long Id, DateTimeOffset DoneAt, DateTimeOffset AcceptedAt)>(new CommandDefinition(
            $"""
            SELECT q.partnership_id, q.id, s.done_at, q.verification_accepted_at FROM quality_issues q
            JOIN quality_issue_steps s ON s.issue_id = q.id AND s.step = 'D5'
            WHERE {database.Dialect.InList("q.partnership_id", "@ids")} AND {database.Dialect.InList("q.partnership_id", "@Allowed")}
              AND q.verification_accepted_at >= @FromInstant AND q.verification_accepted_at < @EndInstant AND s.done_at IS NOT NULL
            ORDER BY q.partnership_id, q.id
            """, new { ids = database.Dialect.ListOf(partnershipIds), Allowed = database.Dialect.ListOf(scope.PartnershipIds), FromInstant = StartOf(from), EndInstant = StartOf(to.AddDays(1)) },
            cancellationToken: cancellationToken))).ToLookup(r => r.PartnershipId, r => (r.Id, r.DoneAt, r.AcceptedAt));
        return partnershipIds.ToDictionary(p => p, p => VerificationTurnaround(rows[p].ToList()));
    }

    private static Measurement VerificationTurnaround(List<(long Id, DateTimeOffset DoneAt, DateTimeOffset AcceptedAt)> rows)
    {
        var days = rows.Sum(r => (long)Math.Max(0, (r.AcceptedAt - r.DoneAt).TotalDays));
        return new Measurement(GuaranteeRules.Average(days, rows.Count), days, rows.Count, "quality_issues", rows.Select(r => r.Id).ToList());
    }

    private static DateTimeOffset StartOf(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>
    /// Quantity affected by the issues raised in the period against quantity delivered in the period. Issues count in
    /// the period they are raised, because that is when the nonconformity becomes known. Delivered quantities come from
    /// the daily totals the ERP writer keeps (see ErpBalances), so a year's window reads at most 366 rows.
    /// </summary>
    public async Task<QualityPpm> GetPpmAsync(CallerScope scope, long partnershipId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        (await GetPpmAsync(scope, [partnershipId], from, to, cancellationToken))[partnershipId];

    public async Task<IReadOnlyDictionary<long, QualityPpm>> GetPpmAsync(CallerScope scope, IReadOnlyCollection<long> partnershipIds, DateOnly from, DateOnly to,
        CancellationToken cancellationToken = default)
    {
        var parameters = new
        {
            ids = database.Dialect.ListOf(partnershipIds),
            Allowed = database.Dialect.ListOf(scope.PartnershipIds),
            from,
            to,
            FromInstant = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            EndInstant = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        };
        await using var connection = await database.OpenAsync(cancellationToken);
        var sums = (await connection.QueryAsync<(long PartnershipId, long Nonconforming, long Delivered)>(new CommandDefinition(
            $"""
            SELECT p.id,
                (SELECT COALESCE(SUM(q.quantity_affected), 0) FROM quality_issues q
                 WHERE q.partnership_id = p.id AND q.raised_at >= @FromInstant AND q.raised_at < @EndInstant),
                (SELECT COALESCE(SUM(dd.quantity), 0) FROM delivered_days dd
                 WHERE dd.partnership_id = p.id AND dd.on_date >= @from AND dd.on_date <= @to)
            FROM partnerships p
            WHERE {database.Dialect.InList("p.id", "@ids")} AND {database.Dialect.InList("p.id", "@Allowed")}
            """, parameters, cancellationToken: cancellationToken))).ToDictionary(r => r.PartnershipId);
        return partnershipIds.ToDictionary(p => p, p => new QualityPpm
        {
            From = from, To = to, NonconformingQuantity = sums.TryGetValue(p, out var s) ? s.Nonconforming : 0, DeliveredQuantity = sums.TryGetValue(p, out var d) ? d.Delivered : 0,
        });
    }
}
