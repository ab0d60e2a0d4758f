using Dapper;
using Portal.Data.Database;
using Portal.Data.DesignRequests;
using Portal.Data.Quality;
using Portal.Data.Tenancy;

namespace Portal.Data.Work;

/// <summary>
/// "My work": what waits for one person across the partnerships they can see — design-request stages and 8D steps
/// they own, and, for a customer's people, verifications their side has to judge. Overdue first, then by due time.
/// </summary>
public sealed class WorkStore(PortalDatabase database, TimeProvider clock)
{
    private static readonly string[] OpenStages = [.. Enum.GetValues<DesignStage>().Where(DesignTransitions.IsOpen).Select(s => s.ToString())];

    public async Task<IReadOnlyList<WorkItem>> GetForAsync(CallerScope scope, CancellationToken cancellationToken = default)
    {
        if (scope.ActorId is not { } userId)
        {
            return [];
        }
        var parameters = new { userId, Allowed = scope.PartnershipIds, OpenStages };
        await using var connection = await database.OpenAsync(cancellationToken);
        var stages = await connection.QueryAsync<(long Id, long PartnershipId, string PartnershipName, string Title, string Stage, DateOnly? PlannedEnd)>(new CommandDefinition(
            $"""
            SELECT r.id, r.partnership_id, p.name, r.title, r.stage, r.stage_planned_end
            FROM design_requests r JOIN partnerships p ON p.id = r.partnership_id
            WHERE r.stage_owner_user_id = @userId AND {database.Dialect.IsIn("r.stage", "@OpenStages")} AND {database.Dialect.IsIn("r.partnership_id", "@Allowed")}
            """, parameters, cancellationToken: cancellationToken));
        var steps = await connection.QueryAsync<(long IssueId, long PartnershipId, string PartnershipName, string Title, string Step, DateTimeOffset DueAt)>(new CommandDefinition(
            $"""
            SELECT q.id, q.partnership_id, p.name, q.title, s.step, s.due_at
            FROM quality_issue_steps s
            JOIN quality_issues q ON q.id = s.issue_id
            JOIN partnerships p ON p.id = q.partnership_id
            WHERE s.owner_user_id = @userId AND s.done_at IS NULL AND q.state = 'Open' AND {database.Dialect.IsIn("q.partnership_id", "@Allowed")}
            """, parameters, cancellationToken: cancellationToken));
        var verifications = scope.IsSupplier ? [] : await connection.QueryAsync<(long IssueId, long PartnershipId, string PartnershipName, string Title)>(new CommandDefinition(
            $"""
            SELECT q.id, q.partnership_id, p.name, q.title
            FROM quality_issues q JOIN partnerships p ON p.id = q.partnership_id
            WHERE q.state = 'Open' AND q.verification_accepted_at IS NULL AND {database.Dialect.IsIn("q.partnership_id", "@Allowed")}
              AND EXISTS (SELECT 1 FROM quality_issue_steps s WHERE s.issue_id = q.id AND s.step = 'D6' AND s.done_at IS NOT NULL)
            """, parameters, cancellationToken: cancellationToken));

        var now = clock.GetUtcNow();
        return stages.Select(s => new WorkItem(WorkKind.DesignStage, s.PartnershipId, s.PartnershipName, s.Id, s.Title, $"{s.Stage} stage",
                // A stage planned to end on a day is late from the next day on.
                s.PlannedEnd is { } end ? new DateTimeOffset(end.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null))
            .Concat(steps.Select(s => new WorkItem(WorkKind.QualityStep, s.PartnershipId, s.PartnershipName, s.IssueId, s.Title,
                $"{s.Step} {Enum.Parse<EightDStep>(s.Step).Title()}", s.DueAt)))
            .Concat(verifications.Select(v => new WorkItem(WorkKind.QualityVerification, v.PartnershipId, v.PartnershipName, v.IssueId, v.Title,
                "Accept or reject the verification (D6)", null)))
            .OrderByDescending(w => w.IsOverdueAt(now))
            .ThenBy(w => w.DueAt ?? DateTimeOffset.MaxValue)
            .ThenBy(w => w.Title, StringComparer.Ordinal)
            .ToList();
    }
}
