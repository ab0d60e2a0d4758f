using Dapper;
using Portal.Data.Database;
using Portal.Data.Guarantees;

namespace Portal.Data.Reviews.Agenda;

/// <summary>Guarantee periods judged missed since the last review (and before the agenda's moment), and the penalty credits issued for them (a voided credit is settled).</summary>
public sealed class GuaranteeAgendaSource(PortalDatabase database) : IAgendaSource
{
    public async Task<IReadOnlyList<AgendaCandidate>> CollectAsync(AgendaContext context, CancellationToken cancellationToken)
    {
        var parameters = new { context.PartnershipId, Allowed = context.Scope.PartnershipIds, context.Since, context.Now };
        var allowed = database.Dialect.IsIn("r.partnership_id", "@Allowed");
        await using var connection = await database.OpenAsync(cancellationToken);
        var misses = await connection.QueryAsync<(long GuaranteeId, string Metric, DateOnly PeriodStart, DateOnly PeriodEnd, long? MeasuredMilli, long TargetMilli)>(new CommandDefinition(
            $"""
            SELECT r.guarantee_id, g.metric, r.period_start, r.period_end, r.measured_milli, g.target_milli
            FROM guarantee_results r JOIN guarantees g ON g.id = r.guarantee_id
            WHERE r.partnership_id = @PartnershipId AND {allowed} AND r.outcome = 'Missed' AND r.evaluated_at >= @Since AND r.evaluated_at <= @Now
            ORDER BY r.period_start, r.guarantee_id
            """, parameters, cancellationToken: cancellationToken));
        var credits = await connection.QueryAsync<(long Id, long AmountMinor, string Currency, string Reason)>(new CommandDefinition(
            $"""
            SELECT r.id, r.amount_minor, r.currency, r.reason FROM penalty_credits r
            WHERE r.partnership_id = @PartnershipId AND {allowed} AND r.state = 'Issued' AND r.issued_at >= @Since AND r.issued_at <= @Now
            ORDER BY r.issued_at, r.id
            """, parameters, cancellationToken: cancellationToken));
        return
        [
            .. misses.Select(m => new AgendaCandidate(AgendaSourceKind.GuaranteeMiss, "Guarantee", m.GuaranteeId,
                $"Guarantee missed: {GuaranteeRules.Label(Enum.Parse<GuaranteeMetric>(m.Metric))}, {m.PeriodStart:yyyy-MM-dd} to {m.PeriodEnd:yyyy-MM-dd}",
                $"Measured {Milli(m.MeasuredMilli)} against a target of {Milli(m.TargetMilli)}.")),
            .. credits.Select(c => new AgendaCandidate(AgendaSourceKind.PenaltyCredit, "PenaltyCredit", c.Id,
                $"Penalty credit {Money.Format(c.AmountMinor, c.Currency)}", c.Reason)),
        ];
    }

    private static string Milli(long? value) => value is { } v ? (v / 1000m).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : "—";
}
