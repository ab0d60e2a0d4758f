using System.Data.Common;
using Dapper;
using Portal.Data.Changes;
using Portal.Data.Database;
using Portal.Data.Tenancy;

namespace Portal.Data.Quality;

/// <summary>
/// Moves an issue through 8D: each act loads the issue inside the transaction, asks <see cref="QualityRules"/>
/// whether it is allowed, writes, records the trail and tells the people concerned. Every method answers null
/// for an issue outside the caller's scope (or not in the named partnership), as if it did not exist.
/// </summary>
public sealed class QualityWorkflowStore(PortalDatabase database, QualityIssueStore issues, ChangeRecorder changes, TimeProvider clock)
{
    /// <summary>
    /// The owning side edits a step's owner and notes; its lead alone moves the due time, with a reason that the trail
    /// keeps, and only while the step is not done (a done step's dates are frozen).
    /// </summary>
    public Task<QualityIssue?> UpdateStepAsync(CallerScope scope, long partnershipId, long issueId, EightDStep step, StepUpdate update, CancellationToken cancellationToken = default) =>
        ActAsync(scope, partnershipId, issueId, async (connection, transaction, before) =>
        {
            RequireYourStep(scope, step);
            var current = before.Steps.Single(s => s.Step == step);
            var moved = QualityRules.MovesDue(current.DueAt, update.DueAt);
            var errors = new Dictionary<string, string>();
            if (before.State == QualityIssueState.Closed) errors["Step"] = "The issue is closed.";
            if (moved && current.IsDone) errors["DueAt"] = $"{step} is done: its dates are frozen.";
            else if (moved && EightDSides.WhyNotMoveDue(scope, step) is { } why) throw new ScopeException(why);
            else if (moved && string.IsNullOrWhiteSpace(update.DueChangeReason)) errors["DueChangeReason"] = "Say why the due date moves; the trail keeps the reason.";
            if (update.OwnerUserId is { } owner && owner != current.OwnerUserId && !await CanOwnAsync(connection, transaction, partnershipId, owner, EightDSides.Owner(step), cancellationToken))
            {
                errors["OwnerUserId"] = $"Choose an active person of the {EightDSides.Label(EightDSides.Owner(step))}'s side of this partnership.";
            }
            if (errors.Count > 0)
            {
                throw new ValidationException(errors);
            }
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE quality_issue_steps SET owner_user_id = @OwnerUserId, due_at = @DueAt, details = @Details WHERE issue_id = @issueId AND step = @Step",
                new { update.OwnerUserId, DueAt = moved ? update.DueAt : current.DueAt, Details = update.Details.Trim(), issueId, Step = step.ToString() },
                transaction, cancellationToken: cancellationToken));
            var notice = update.OwnerUserId is { } newOwner && newOwner != current.OwnerUserId
                ? new Notice([newOwner], $"You own {step} ({step.Title()})", before.Title)
                : null;
            return moved
                ? new Outcome(QualityIssueChanges.ForStep(QualityIssueChange.D1DueMoved, step), notice, update.DueChangeReason!.Trim())
                : new Outcome(QualityIssueChanges.ForStep(QualityIssueChange.D1Updated, step), notice);
        }, cancellationToken);

    /// <summary>The owning side completes a step (the supplier D1–D7); D8 is done by closing.</summary>
    public Task<QualityIssue?> CompleteStepAsync(CallerScope scope, long partnershipId, long issueId, EightDStep step, CancellationToken cancellationToken = default) =>
        ActAsync(scope, partnershipId, issueId, async (connection, transaction, before) =>
        {
            RequireYourStep(scope, step);
            if (QualityRules.WhyStepCannotBeCompleted(step, before.State, before.Steps) is { } why)
            {
                throw new ValidationException(new Dictionary<string, string> { ["Step"] = why });
            }
            await connection.ExecuteAsync(new CommandDefinition("UPDATE quality_issue_steps SET done_at = @Now WHERE issue_id = @issueId AND step = @Step",
                new { Now = clock.GetUtcNow(), issueId, Step = step.ToString() }, transaction, cancellationToken: cancellationToken));
            return new Outcome(QualityIssueChanges.ForStep(QualityIssueChange.D1Completed, step), step == EightDStep.D6
                ? new Notice(await CustomerLeadAsync(connection, transaction, partnershipId, cancellationToken), "Verification ready for your decision", $"{before.Title}: accept or reject the corrective action.")
                : null);
        }, cancellationToken);

    /// <summary>
    /// The customer's lead changes the severity, with a reason, until containment is done. That re-fixes the containment
    /// due time from the raise with the new severity's window (and D1–D3's due times that are not done), audited.
    /// </summary>
    public Task<QualityIssue?> ChangeSeverityAsync(CallerScope scope, long partnershipId, long issueId, Severity severity, string reason, CancellationToken cancellationToken = default) =>
        ActAsync(scope, partnershipId, issueId, async (connection, transaction, before) =>
        {
            if (EightDSides.WhyNotChangeSeverity(scope) is { } notYours)
            {
                throw new ScopeException(notYours);
            }
            var errors = new Dictionary<string, string>();
            if (QualityRules.WhySeverityCannotChange(before.State, before.Steps, before.Severity, severity) is { } why) errors["Severity"] = why;
            if (string.IsNullOrWhiteSpace(reason)) errors["Reason"] = "Say why the severity changes; the trail keeps the reason.";
            if (errors.Count > 0)
            {
                throw new ValidationException(errors);
            }
            var due = QualityRules.DueDates(before.RaisedAt, await QualityIssueStore.ContainmentWindowAsync(connection, transaction, partnershipId, severity, cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition("UPDATE quality_issues SET severity = @Severity, containment_due_at = @ContainmentDueAt WHERE id = @issueId",
                new { Severity = severity.ToString(), ContainmentDueAt = due[EightDStep.D3], issueId }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE quality_issue_steps SET due_at = @DueAt WHERE issue_id = @issueId AND step = @Step AND done_at IS NULL",
                new[] { EightDStep.D1, EightDStep.D2, EightDStep.D3 }.Select(step => new { DueAt = due[step], issueId, Step = step.ToString() }),
                transaction, cancellationToken: cancellationToken));
            var people = Owners(before).Concat(await SupplierLeadAsync(connection, transaction, partnershipId, cancellationToken)).Distinct().ToList();
            return new Outcome(QualityIssueChange.SeverityChanged, new Notice(people, $"Severity changed to {severity}", $"{before.Title}: containment is now due {due[EightDStep.D3]:yyyy-MM-dd HH:mm} UTC. {reason.Trim()}"),
                reason.Trim());
        }, cancellationToken);

    public Task<QualityIssue?> AcceptVerificationAsync(CallerScope scope, long partnershipId, long issueId, CancellationToken cancellationToken = default) =>
        ActAsync(scope, partnershipId, issueId, async (connection, transaction, before) =>
        {
            RequireJudgeable(scope, before);
            await connection.ExecuteAsync(new CommandDefinition("UPDATE quality_issues SET verification_accepted_at = @Now, verification_rejection = NULL WHERE id = @issueId",
                new { Now = clock.GetUtcNow(), issueId }, transaction, cancellationToken: cancellationToken));
            return new Outcome(QualityIssueChange.VerificationAccepted, new Notice(Owners(before), "Verification accepted", $"{before.Title}: the customer accepted D6; the issue can close after D7."));
        }, cancellationToken);

    /// <summary>The customer says the corrective action did not work: D5 and D6 open again and their owners hear why.</summary>
    public Task<QualityIssue?> RejectVerificationAsync(CallerScope scope, long partnershipId, long issueId, string reason, CancellationToken cancellationToken = default) =>
        ActAsync(scope, partnershipId, issueId, async (connection, transaction, before) =>
        {
            RequireJudgeable(scope, before);
            if (string.IsNullOrWhiteSpace(reason))
            {
                throw new ValidationException(new Dictionary<string, string> { ["Reason"] = "Say why the verification is rejected." });
            }
            var reopened = QualityRules.ReopenAfterRejection(before.Steps).Where(s => !s.IsDone).Select(s => s.Step.ToString()).ToList();
            await connection.ExecuteAsync(new CommandDefinition($"UPDATE quality_issue_steps SET done_at = NULL WHERE issue_id = @issueId AND {database.Dialect.IsIn("step", "@reopened")}",
                new { issueId, reopened }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition("UPDATE quality_issues SET verification_rejection = @Reason WHERE id = @issueId",
                new { Reason = reason.Trim(), issueId }, transaction, cancellationToken: cancellationToken));
            var owners = before.Steps.Where(s => s.Step is EightDStep.D5 or EightDStep.D6).Select(s => s.OwnerUserId).OfType<long>().ToList();
            return new Outcome(QualityIssueChange.VerificationRejected, new Notice(owners, "Verification rejected: D5 reopened", $"{before.Title}: {reason.Trim()}"), reason.Trim());
        }, cancellationToken);

    /// <summary>The customer agrees closure (D8) once D3–D7 are done and it has accepted the verification.</summary>
    public Task<QualityIssue?> CloseAsync(CallerScope scope, long partnershipId, long issueId, CancellationToken cancellationToken = default) =>
        ActAsync(scope, partnershipId, issueId, async (connection, transaction, before) =>
        {
            RequireYourStep(scope, EightDStep.D8);
            var blockers = QualityRules.CloseBlockers(before.State, before.Steps, before.VerificationAcceptedAt is not null);
            if (blockers.Count > 0)
            {
                throw new ValidationException(new Dictionary<string, string> { ["Step"] = string.Join(" ", blockers) });
            }
            var now = clock.GetUtcNow();
            await connection.ExecuteAsync(new CommandDefinition("UPDATE quality_issue_steps SET done_at = @now WHERE issue_id = @issueId AND step = 'D8'", new { now, issueId }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition("UPDATE quality_issues SET state = 'Closed', closed_at = @now WHERE id = @issueId", new { now, issueId }, transaction, cancellationToken: cancellationToken));
            var people = Owners(before).Concat(await CustomerLeadAsync(connection, transaction, partnershipId, cancellationToken)).ToList();
            return new Outcome(QualityIssueChange.Closed, new Notice(people, "Quality issue closed", before.Title));
        }, cancellationToken);

    /// <summary>Who may own a step: the active people of both sides who can see the partnership.</summary>
    public async Task<IReadOnlyList<StepOwnerChoice>> GetOwnerChoicesAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<StepOwnerChoice>(new CommandDefinition(
            $"""
            SELECT u.id, o.kind = 'Supplier' AS is_supplier, u.display_name, o.name AS organisation_name
            FROM users u JOIN organisations o ON o.id = u.organisation_id JOIN partnerships p ON p.id = @partnershipId
            WHERE {database.Dialect.IsIn("p.id", "@Allowed")} AND u.is_active = TRUE
              AND ({OwnerRule})
            ORDER BY o.kind DESC, u.display_name
            """, new { partnershipId, Allowed = scope.PartnershipIds }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// <summary>What happened; <paramref name="Reason"/> is what the actor said, kept in the trail beside the issue.</summary>
    private sealed record Outcome(QualityIssueChange Action, Notice? Notice, string? Reason = null);

    private Task<QualityIssue?> ActAsync(CallerScope scope, long partnershipId, long issueId,
        Func<DbConnection, DbTransaction, QualityIssue, Task<Outcome>> act, CancellationToken cancellationToken) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var before = await issues.GetAsync(connection, transaction, scope, issueId, cancellationToken);
            if (before is null || before.PartnershipId != partnershipId)
            {
                return null;
            }
            var outcome = await act(connection, transaction, before);
            var after = (await issues.GetAsync(connection, transaction, scope, issueId, cancellationToken))!;
            var change = ChangeKinds.QualityIssue.Of(partnershipId, issueId, outcome.Action, before, after).Saying(outcome.Reason);
            if (outcome.Notice is { } notice)
            {
                change = change.Telling(notice.UserIds.Where(id => id != scope.ActorId || scope.Kind != ActorKind.User), notice.Title, $"{after.Reference} · {notice.Body}");
            }
            await changes.RecordAsync(connection, transaction, scope, change, cancellationToken);
            return after;
        }, cancellationToken);

    private static void RequireYourStep(CallerScope scope, EightDStep step)
    {
        if (EightDSides.WhyNotYourStep(scope, step) is { } why)
        {
            throw new ScopeException(why);
        }
    }

    private static void RequireJudgeable(CallerScope scope, QualityIssue issue)
    {
        var customerSide = EightDSides.WhyNotJudge(scope) is null;
        if (QualityRules.WhyVerificationCannotBeJudged(customerSide, issue.State, issue.Steps, issue.VerificationAcceptedAt is not null) is { } why)
        {
            throw customerSide ? new ValidationException(new Dictionary<string, string> { ["Step"] = why }) : new ScopeException(why);
        }
    }

    private static List<long> Owners(QualityIssue issue) => issue.Steps.Select(s => s.OwnerUserId).OfType<long>().Distinct().ToList();

    private static async Task<IReadOnlyList<long>> SupplierLeadAsync(DbConnection connection, DbTransaction transaction, long partnershipId, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<long>(new CommandDefinition("SELECT supplier_lead_user_id FROM partnerships WHERE id = @partnershipId AND supplier_lead_user_id IS NOT NULL",
            new { partnershipId }, transaction, cancellationToken: cancellationToken))).ToList();

    private static async Task<IReadOnlyList<long>> CustomerLeadAsync(DbConnection connection, DbTransaction transaction, long partnershipId, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<long>(new CommandDefinition("SELECT customer_lead_user_id FROM partnerships WHERE id = @partnershipId AND customer_lead_user_id IS NOT NULL",
            new { partnershipId }, transaction, cancellationToken: cancellationToken))).ToList();

    // The same rule as the caller scope: the customer's own people, or supplier staff on the partnership (admins always).
    private const string OwnerRule = """
        u.organisation_id = p.customer_org_id
        OR (o.kind = 'Supplier' AND (u.role = 'Admin' OR EXISTS (SELECT 1 FROM partnership_members m WHERE m.partnership_id = p.id AND m.user_id = u.id)))
        """;

    /// <summary>A step is owned by someone of the side that does its work.</summary>
    internal static Task<bool> CanOwnAsync(DbConnection connection, DbTransaction? transaction, long partnershipId, long userId, QualitySide side, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            $"""
            SELECT COUNT(*) > 0 FROM users u JOIN organisations o ON o.id = u.organisation_id JOIN partnerships p ON p.id = @partnershipId
            WHERE u.id = @userId AND u.is_active = TRUE AND o.kind = @Kind AND ({OwnerRule})
            """, new { partnershipId, userId, Kind = side.ToString() }, transaction, cancellationToken: cancellationToken));
}
