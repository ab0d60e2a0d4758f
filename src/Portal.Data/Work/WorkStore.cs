using Dapper;
using Portal.Data.Audit;
using Portal.Data.Credit;
using Portal.Data.Database;
using Portal.Data.DesignRequests;
using Portal.Data.Loans;
using Portal.Data.Quality;
using Portal.Data.Tenancy;

namespace Portal.Data.Work;

/// <summary>
/// "My work": what waits for one person across the partnerships they can see — design-request stages, 8D steps and
/// review action items they own; what their role decides (credit requests for Finance, loan steps for the side whose
/// move it is, ERP secrets in their grace period for those who manage connections); and, for a customer's people,
/// verifications their side has to judge. Overdue first, then by due time.
/// </summary>
public sealed class WorkStore(PortalDatabase database, TimeProvider clock)
{
    public const int PageSize = 25;

    private static readonly string[] OpenStages = [.. Enum.GetValues<DesignStage>().Where(DesignTransitions.IsOpen).Select(s => s.ToString())];

    /// <summary>A loan in use appears in the customer's work this many days before it is due back.</summary>
    public const int ReturnNoticeDays = 14;

    /// <summary>
    /// One page of the person's work with the counts for the whole list. The three kinds are one UNION ordered in the
    /// database, so that a page is cut there and never reads everything a busy person owns.
    /// </summary>
    public async Task<MyWork> GetPageAsync(CallerScope scope, int pageNumber, CancellationToken cancellationToken = default)
    {
        pageNumber = Math.Max(1, pageNumber);
        if (scope.ActorId is not { } userId)
        {
            return new MyWork(new Page<WorkItem>([], pageNumber, PageSize, 0), 0, new Dictionary<WorkKind, long>());
        }
        var parameters = Parameters(scope, userId, new { Limit = PageSize, Offset = (long)(pageNumber - 1) * PageSize });
        var work = Union(scope);
        await using var connection = await database.OpenAsync(cancellationToken);
        var kinds = (await connection.QueryAsync<(string Kind, long Count, long Overdue)>(new CommandDefinition(
            $"SELECT w.kind, COUNT(*), COALESCE(SUM(CASE WHEN w.due_at < @Now THEN 1 ELSE 0 END), 0) FROM ({work}) w GROUP BY w.kind", parameters, cancellationToken: cancellationToken))).ToList();
        var total = kinds.Sum(k => k.Count);
        var overdue = kinds.Sum(k => k.Overdue);
        var rows = await connection.QueryAsync<(string Kind, long RecordId, long PartnershipId, string PartnershipName, string Title, string? Step, DateTimeOffset? DueAt)>(new CommandDefinition(
            $"""
            SELECT w.kind, w.record_id, w.partnership_id, w.partnership_name, w.title, w.step, w.due_at FROM ({work}) w
            ORDER BY CASE WHEN w.due_at < @Now THEN 0 ELSE 1 END, CASE WHEN w.due_at IS NULL THEN 1 ELSE 0 END, w.due_at, w.title, w.kind, w.record_id
            LIMIT @Limit OFFSET @Offset
            """, parameters, cancellationToken: cancellationToken));
        var items = rows.Select(ToItem).ToList();
        return new MyWork(new Page<WorkItem>(items, pageNumber, PageSize, total), overdue, kinds.ToDictionary(k => Enum.Parse<WorkKind>(k.Kind), k => k.Count));
    }

    private static WorkItem ToItem((string Kind, long RecordId, long PartnershipId, string PartnershipName, string Title, string? Step, DateTimeOffset? DueAt) r) =>
        Enum.Parse<WorkKind>(r.Kind) switch
        {
            WorkKind.DesignStage => new WorkItem(WorkKind.DesignStage, r.PartnershipId, r.PartnershipName, r.RecordId, r.Title, $"{r.Step} stage", r.DueAt),
            WorkKind.ActionItem => new WorkItem(WorkKind.ActionItem, r.PartnershipId, r.PartnershipName, r.RecordId, r.Title, "Action item from a review", r.DueAt),
            WorkKind.QualityStep => new WorkItem(WorkKind.QualityStep, r.PartnershipId, r.PartnershipName, r.RecordId, r.Title,
                $"{r.Step} {Enum.Parse<EightDStep>(r.Step!).Title()}", r.DueAt),
            WorkKind.CreditDecision => new WorkItem(WorkKind.CreditDecision, r.PartnershipId, r.PartnershipName, r.RecordId, r.Title,
                r.Step == nameof(CreditArrangementKind.HardshipDeferral) ? "Approve or decline the payment deferral" : "Approve or decline the credit extension", r.DueAt),
            WorkKind.LoanStep => new WorkItem(WorkKind.LoanStep, r.PartnershipId, r.PartnershipName, r.RecordId, r.Title, LoanStepText(r.Step!), r.DueAt),
            WorkKind.ErpSecret => new WorkItem(WorkKind.ErpSecret, r.PartnershipId, r.PartnershipName, r.RecordId, r.Title,
                "Switch the ERP to the new secret: the old one stops working", r.DueAt),
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
        var parameters = Parameters(scope, userId, new { until, Limit = DigestLimit });
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

    // The step column of a loan row says whose move it is: the supplier's moves are named by the state (or "Overdue"), the customer's by "Customer".
    private static string LoanStepText(string step) => step switch
    {
        nameof(LoanState.Requested) => "Approve or decline the loan request",
        nameof(LoanState.Approved) => "Ship the loaned item",
        nameof(LoanState.ReturnDue) => "Take the returned item back and note its condition",
        "Overdue" => "Chase the overdue return",
        "CustomerShipped" => "Confirm the loaned item arrived",
        "CustomerOverdue" => "Send the overdue item back",
        _ => "Send the loaned item back",
    };

    private DynamicParameters Parameters(CallerScope scope, long userId, object page)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var parameters = new DynamicParameters(new { userId, Allowed = scope.PartnershipIds, OpenStages, Now = now, Today = today, ReturnNotice = today.AddDays(ReturnNoticeDays) });
        parameters.AddDynamicParams(page);
        return parameters;
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
        // The record is the arrangement; credit has one page per partnership, where pending requests come first.
        var credit = $"""
            SELECT 'CreditDecision', a.id, a.partnership_id, p.name, a.reason, a.kind, {dialect.StartOfDayAfter("a.starts_on")}
            FROM credit_arrangements a JOIN partnerships p ON p.id = a.partnership_id
            WHERE a.state = 'Requested' AND {dialect.IsIn("a.partnership_id", "@Allowed")}
            """;
        // The supplier's managers approve, ship, take back and chase overdue returns (held past the end, whether the
        // overdue job has already moved the loan to Return due or not); approving is due before the loan starts.
        var managedLoans = $"""
            SELECT 'LoanStep', l.id, l.partnership_id, p.name, e.name,
                   CASE WHEN l.state IN ('InUse', 'ReturnDue') AND l.ends_on < @Today THEN 'Overdue' ELSE l.state END,
                   CASE WHEN l.state IN ('Requested', 'Approved') THEN {dialect.StartOfDayAfter("l.starts_on")} ELSE {dialect.StartOfDayAfter("l.ends_on")} END
            FROM equipment_loans l JOIN partnerships p ON p.id = l.partnership_id JOIN equipment e ON e.id = l.equipment_id
            WHERE (l.state IN ('Requested', 'Approved', 'ReturnDue') OR (l.state = 'InUse' AND l.ends_on < @Today))
              AND {dialect.IsIn("l.partnership_id", "@Allowed")}
            """;
        // The customer's people confirm arrival and send the item back: from two weeks before the end, and past the end
        // also once the overdue job has moved the loan to Return due (the item is still with them). A return the customer
        // started before the end waits for the supplier to take the item back.
        var customerLoans = $"""
            SELECT 'LoanStep', l.id, l.partnership_id, p.name, e.name,
                   CASE WHEN l.state = 'Shipped' THEN 'CustomerShipped' WHEN l.ends_on < @Today THEN 'CustomerOverdue' ELSE 'CustomerInUse' END,
                   CASE WHEN l.state = 'Shipped' THEN NULL ELSE {dialect.StartOfDayAfter("l.ends_on")} END
            FROM equipment_loans l JOIN partnerships p ON p.id = l.partnership_id JOIN equipment e ON e.id = l.equipment_id
            WHERE (l.state = 'Shipped' OR (l.state = 'InUse' AND l.ends_on < @ReturnNotice) OR (l.state = 'ReturnDue' AND l.ends_on < @Today))
              AND {dialect.IsIn("l.partnership_id", "@Allowed")}
            """;
        var secrets = $"""
            SELECT 'ErpSecret', c.id, c.partnership_id, p.name, c.display_name, NULL, c.previous_secret_expires_at
            FROM erp_clients c JOIN partnerships p ON p.id = c.partnership_id
            WHERE c.previous_secret_expires_at > @Now AND c.revoked_at IS NULL AND {dialect.IsIn("c.partnership_id", "@Allowed")}
            """;
        var sources = new List<string> { stages, steps, actions };
        if (!scope.IsSupplier) sources.Add(verifications);
        if (scope.May(Permission.DecideCredit)) sources.Add(credit);
        if (scope.May(Permission.ManageLoans)) sources.Add(managedLoans);
        if (scope.Kind == ActorKind.User && !scope.IsSupplier) sources.Add(customerLoans);
        if (scope.Kind == ActorKind.User && scope.May(Permission.ManageErpConnections)) sources.Add(secrets);
        return string.Join(" UNION ALL ", sources);
    }
}
