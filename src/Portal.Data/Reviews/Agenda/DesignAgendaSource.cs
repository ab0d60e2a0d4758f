using Dapper;
using Portal.Data.Database;

namespace Portal.Data.Reviews.Agenda;

/// <summary>
/// Design requests waiting for a decision (submitted, or in feasibility without a verdict), open ones late against their
/// stage's planned end, and those closed as "not a fit" since the last review: the recommended alternative is worth a word.
/// </summary>
public sealed class DesignAgendaSource(PortalDatabase database) : IAgendaSource
{
    public async Task<IReadOnlyList<AgendaCandidate>> CollectAsync(AgendaContext context, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Id, string Title, string Stage, DateOnly? PlannedEnd, string? Verdict, string? AlternativeName)>(new CommandDefinition(
            $"""
            SELECT r.id, r.title, r.stage, r.stage_planned_end, r.verdict, r.alternative_name
            FROM design_requests r
            WHERE r.partnership_id = @PartnershipId AND {database.Dialect.IsIn("r.partnership_id", "@Allowed")}
              AND ((r.stage IN ('Submitted', 'Feasibility') AND r.verdict IS NULL)
                   OR (r.stage NOT IN ('Released', 'Declined', 'Withdrawn') AND r.stage_planned_end < @Today)
                   OR (r.stage = 'Declined' AND r.verdict = 'NotAFit' AND r.verdict_at >= @Since AND r.verdict_at <= @Now))
            ORDER BY r.created_at, r.id
            """, new { context.PartnershipId, Allowed = context.Scope.PartnershipIds, context.Today, context.Since, context.Now }, cancellationToken: cancellationToken));
        return rows.Select(r => new AgendaCandidate(AgendaSourceKind.DesignRequest, "DesignRequest", r.Id, $"Design request #{r.Id}: {r.Title}", Detail(r, context.Today))).ToList();
    }

    private static string Detail((long Id, string Title, string Stage, DateOnly? PlannedEnd, string? Verdict, string? AlternativeName) r, DateOnly today) =>
        r.Stage == "Declined"
            ? $"Closed as not a fit; recommended alternative: {r.AlternativeName ?? "—"}."
            : r.PlannedEnd is { } end && end < today
                ? $"{r.Stage} planned to end {end:yyyy-MM-dd}: {today.DayNumber - end.DayNumber} day(s) late."
                : $"{r.Stage}: waiting for a decision.";
}
