using Dapper;
using Portal.Data.Audit;
using Portal.Data.Database;
using Portal.Data.DesignRequests;
using Portal.Data.Quality;
using Portal.Data.Tenancy;

namespace Portal.Data.Work;

/// <summary>
/// "My work": what waits for one person across the partnerships they can see — design-request stages, 8D steps and
/// review action items they own, and, for a customer's people, verifications their side has to judge. Overdue first,
/// then by due time.
/// </summary>
public sealed class WorkStore(PortalDatabase database, TimeProvider clock)
{
    public const int PageSize = 25;

    private static readonly string[] OpenStages = [.. Enum.GetValues<DesignStage>().Where(DesignTransitions.IsOpen).Select(s => s.ToString())];

    /// <summary>
    /// One page of the person's work with the counts for the whole list. The three kinds are one UNION ordered in the
    /// database, so that a page is cut there and never reads everything a busy person owns.
    /// </summary>
    public async Task<MyWork> GetPageAsync(CallerScope scope, int pageNumber, CancellationToken cancellationToken = default)
    {
        pageNumber = Math.Max(1, pageNumber);
        if (scope.ActorId is not { } userId)
        {
            return new MyWork(new Page<WorkItem>([], pageNumber, PageSize, 0), 0);
        }
        var parameters = new { userId, Allowed = scope.PartnershipIds, OpenStages, Now = clock.GetUtcNow(), Limit = PageSize, Offset = (long)(pageNumber - 1) * PageSize };
        var work = Union(scope);
        await using var connection = await database.OpenAsync(cancellationToken);
        var (total, overdue) = await connection.QuerySingleAsync<(long, long)>(new CommandDefinition(
            $"SELECT COUNT(*), COALESCE(SUM(CASE WHEN w.due_at < @Now THEN 1 ELSE 0 END), 0) FROM ({work}) w", parameters, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<(string Kind, long RecordId, long PartnershipId, string PartnershipName, string Title, string? Step, DateTimeOffset? DueAt)>(new CommandDefinition(
            $"""
            SELECT w.kind, w.record_id, w.partnership_id, w.partnership_name, w.title, w.step, w.due_at FROM ({work}) w
            ORDER BY CASE WHEN w.due_at < @Now THEN 0 ELSE 1 END, CASE WHEN w.due_at IS NULL THEN 1 ELSE 0 END, w.due_at, w.title, w.kind, w.record_id
            LIMIT @Limit OFFSET @Offset
            """, parameters, cancellationToken: cancellationToken));
        var items = rows.Select(ToItem).ToList();
        return new MyWork(new Page<WorkItem>(items, pageNumber, PageSize, total), overdue);
    }

    private static WorkItem ToItem((string Kind, long RecordId, long PartnershipId, string PartnershipName, string Title, string? Step, DateTimeOffset? DueAt) r) =>
        Enum.Parse<WorkKind>(r.Kind) switch
        {
            WorkKind.DesignStage => new WorkItem(WorkKind.DesignStage, r.PartnershipId, r.PartnershipName, r.RecordId, r.Title, $"{r.Step} stage", r.DueAt),
            WorkKind.ActionItem => new WorkItem(WorkKind.ActionItem, r.PartnershipId, r.PartnershipName, r.RecordId, r.Title, "Action item from a review", r.DueAt),
            WorkKind.QualityStep => new WorkItem(WorkKind.QualityStep, r.PartnershipId, r.PartnershipName, r.RecordId, r.Title,
                $"{r.Step} {Enum.Parse<EightDStep>(r.Step!).Title()}", r.DueAt),
            _ => new WorkItem(WorkKind.QualityVerification, r.PartnershipId, r.PartnershipName, r.RecordId, r.Title, "Accept or reject the verification (D6)", null),
        };

    public const int DigestLimit = 100;

    /// <summary>The person's work that falls due from now until <paramref name="until"/>, soonest first (for the daily digest).</summary>
    public async Task<IReadOnlyList<WorkItem>> DueBeforeAsync(CallerScope scope, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        if (scope.ActorId is not { } userId)
        {
            return [];
        }
        var parameters = new { userId, Allowed = scope.PartnershipIds, OpenStages, Now = clock.GetUtcNow(), until, Limit = DigestLimit };
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Kind, long RecordId, long PartnershipId, string PartnershipName, string Title, string? Step, DateTimeOffset? DueAt)>(new CommandDefinition(
            $"""
            SELECT w.kind, w.record_id, w.partnership_id, w.partnership_name, w.title, w.step, w.due_at FROM ({Union(scope)}) w
            WHERE w.due_at >= @Now AND w.due_at < @until
            ORDER BY w.due_at, w.title, w.kind, w.record_id
            LIMIT @Limit
            """, parameters, cancellationToken: cancellationToken));
        return rows.Select(ToItem).ToList();
    }

    private string Union(CallerScope scope)
    {
        var dialect = database.Dialect;
        // A stage planned to end on a day is late from the next day on.
        var stages = $"""
            SELECT 'DesignStage' AS kind, r.id AS record_id, r.partnership_id, p.name AS partnership_name, r.title, r.stage AS step,
                   {dialect.StartOfDayAfter("r.stage_planned_end")} AS due_at
            FROM design_requests r JOIN partnerships p ON p.id = r.partnership_id
            WHERE r.stage_owner_user_id = @userId AND {dialect.IsIn("r.stage", "@OpenStages")} AND {dialect.IsIn("r.partnership_id", "@Allowed")}
            """;
        var steps = $"""
            SELECT 'QualityStep', q.id, q.partnership_id, p.name, q.title, s.step, s.due_at
            FROM quality_issue_steps s
            JOIN quality_issues q ON q.id = s.issue_id
            JOIN partnerships p ON p.id = q.partnership_id
            WHERE s.owner_user_id = @userId AND s.done_at IS NULL AND q.state = 'Open' AND {dialect.IsIn("q.partnership_id", "@Allowed")}
            """;
        var verifications = $"""
            SELECT 'QualityVerification', q.id, q.partnership_id, p.name, q.title, NULL, NULL
            FROM quality_issues q JOIN partnerships p ON p.id = q.partnership_id
            WHERE q.state = 'Open' AND q.verification_accepted_at IS NULL AND {dialect.IsIn("q.partnership_id", "@Allowed")}
              AND EXISTS (SELECT 1 FROM quality_issue_steps s WHERE s.issue_id = q.id AND s.step = 'D6' AND s.done_at IS NOT NULL)
            """;
        // An action item due on a day is late from the next day on, like a stage.
        var actions = $"""
            SELECT 'ActionItem', a.review_id, a.partnership_id, p.name, a.title, NULL, {dialect.StartOfDayAfter("a.due_on")}
            FROM review_action_items a JOIN partnerships p ON p.id = a.partnership_id
            WHERE a.owner_user_id = @userId AND a.state = 'Open' AND {dialect.IsIn("a.partnership_id", "@Allowed")}
            """;
        return scope.IsSupplier ? $"{stages} UNION ALL {steps} UNION ALL {actions}" : $"{stages} UNION ALL {steps} UNION ALL {actions} UNION ALL {verifications}";
    }
}
