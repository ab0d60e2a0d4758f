using Dapper;
using Portal.Data.Database;
using Portal.Data.Tenancy;

namespace Portal.Data.Quality;

/// <summary>Aging and ppm from the partnership's issues and the delivered quantities the ERP synced. Health reviews reuse these.</summary>
public sealed class QualityMetricsStore(PortalDatabase database)
{
    public async Task<QualityAging> GetAgingAsync(CallerScope scope, long partnershipId, DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<OpenIssueAge>(new CommandDefinition(
            $"""
            SELECT q.id, q.severity, q.raised_at,
                   (SELECT COUNT(*) FROM quality_issue_steps s WHERE s.issue_id = q.id AND s.done_at IS NULL AND s.due_at < @asOf) AS overdue_steps,
                   q.containment_due_at < @asOf AND EXISTS (SELECT 1 FROM quality_issue_steps s WHERE s.issue_id = q.id AND s.step = 'D3' AND s.done_at IS NULL) AS containment_overdue
            FROM quality_issues q
            WHERE q.partnership_id = @partnershipId AND {database.Dialect.IsIn("q.partnership_id", "@Allowed")}
              AND q.state = 'Open' AND q.raised_at <= @asOf
            ORDER BY q.raised_at, q.id
            """, new { partnershipId, Allowed = scope.PartnershipIds, asOf }, cancellationToken: cancellationToken));
        return new QualityAging(rows.ToList(), asOf);
    }

    /// <summary>
    /// Quantity affected by the issues raised in the period against quantity delivered in the period. Issues count in
    /// the period they are raised, because that is when the nonconformity becomes known. Delivered quantities come from
    /// the daily totals the ERP writer keeps (see ErpBalances), so a year's window reads at most 366 rows.
    /// </summary>
    public async Task<QualityPpm> GetPpmAsync(CallerScope scope, long partnershipId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var parameters = new
        {
            partnershipId,
            Allowed = scope.PartnershipIds,
            from,
            to,
            FromInstant = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            EndInstant = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        };
        await using var connection = await database.OpenAsync(cancellationToken);
        var (nonconforming, delivered) = await connection.QuerySingleAsync<(long, long)>(new CommandDefinition(
            $"""
            SELECT
                (SELECT COALESCE(SUM(q.quantity_affected), 0) FROM quality_issues q
                 WHERE q.partnership_id = @partnershipId AND {database.Dialect.IsIn("q.partnership_id", "@Allowed")}
                   AND q.raised_at >= @FromInstant AND q.raised_at < @EndInstant),
                (SELECT COALESCE(SUM(dd.quantity), 0) FROM delivered_days dd
                 WHERE dd.partnership_id = @partnershipId AND {database.Dialect.IsIn("dd.partnership_id", "@Allowed")}
                   AND dd.on_date >= @from AND dd.on_date <= @to)
            """, parameters, cancellationToken: cancellationToken));
        return new QualityPpm { From = from, To = to, NonconformingQuantity = nonconforming, DeliveredQuantity = delivered };
    }
}
