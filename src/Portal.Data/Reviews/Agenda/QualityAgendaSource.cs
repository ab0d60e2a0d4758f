using Dapper;
using Portal.Data.Database;

namespace Portal.Data.Reviews.Agenda;

/// <summary>
/// Open quality issues that are Critical or have an 8D step past its due time, and issues whose verification (D6) waits
/// for the customer to judge it. A closed issue is settled and proposes nothing.
/// </summary>
public sealed class QualityAgendaSource(PortalDatabase database) : IAgendaSource
{
    public async Task<IReadOnlyList<AgendaCandidate>> CollectAsync(AgendaContext context, CancellationToken cancellationToken)
    {
        var parameters = new { context.PartnershipId, Allowed = context.Scope.PartnershipIds, context.Now };
        var allowed = database.Dialect.IsIn("q.partnership_id", "@Allowed");
        await using var connection = await database.OpenAsync(cancellationToken);
        var issues = await connection.QueryAsync<(long Id, string Title, string Severity, string? LateStep, DateTimeOffset? LateDue)>(new CommandDefinition(
            $"""
            SELECT q.id, q.title, q.severity, s.step, s.due_at
            FROM quality_issues q
            LEFT JOIN quality_issue_steps s ON s.issue_id = q.id AND s.step = (
                SELECT MIN(l.step) FROM quality_issue_steps l WHERE l.issue_id = q.id AND l.done_at IS NULL AND l.due_at < @Now)
            WHERE q.partnership_id = @PartnershipId AND {allowed} AND q.state = 'Open' AND (q.severity = 'Critical' OR s.step IS NOT NULL)
            ORDER BY q.raised_at, q.id
            """, parameters, cancellationToken: cancellationToken));
        var waiting = await connection.QueryAsync<(long Id, string Title)>(new CommandDefinition(
            $"""
            SELECT q.id, q.title FROM quality_issues q
            WHERE q.partnership_id = @PartnershipId AND {allowed} AND q.state = 'Open' AND q.verification_accepted_at IS NULL
              AND EXISTS (SELECT 1 FROM quality_issue_steps s WHERE s.issue_id = q.id AND s.step = 'D6' AND s.done_at IS NOT NULL)
            ORDER BY q.id
            """, parameters, cancellationToken: cancellationToken));
        return
        [
            .. issues.Select(i => new AgendaCandidate(AgendaSourceKind.QualityIssue, "QualityIssue", i.Id, $"{i.Severity} quality issue #{i.Id}: {i.Title}",
                i.LateStep is null ? "Open." : $"{i.LateStep} overdue since {i.LateDue:yyyy-MM-dd HH:mm} UTC.")),
            .. waiting.Select(i => new AgendaCandidate(AgendaSourceKind.Verification, "QualityIssue", i.Id, $"Verification waits for the customer: #{i.Id} {i.Title}",
                "D6 is done; the customer accepts or rejects it.")),
        ];
    }
}
