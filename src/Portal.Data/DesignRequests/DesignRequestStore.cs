using System.Data.Common;
using Dapper;
using Portal.Data.Attachments;
using Portal.Data.Audit;
using Portal.Data.Changes;
using Portal.Data.Database;
using Portal.Data.Partnerships;
using Portal.Data.Tenancy;

namespace Portal.Data.DesignRequests;

/// <summary>
/// Joint product-design requests: intake, the stage workflow (through <see cref="DesignTransitions"/>), comments and
/// internal notes, files. Every change is audited and notifies the people it concerns in the same transaction.
/// </summary>
public sealed class DesignRequestStore(PortalDatabase database, ChangeRecorder changes, AttachmentStore attachments, TimeProvider clock)
{
    public const int PageSize = 20;

    private const string Select = """
        SELECT r.id, r.partnership_id, r.title, r.application, r.operating_conditions, r.annual_volume, r.target_price_minor, r.currency,
               r.needed_by, r.standards, r.description, r.stage, r.stage_owner_user_id, o.display_name AS stage_owner_name, r.stage_planned_end,
               r.verdict, r.verdict_conditions, r.alternative_name, r.alternative_reason, r.alternative_link, r.verdict_at,
               r.raised_by_user_id, rb.display_name AS raised_by_name, r.created_at, r.updated_at, r.number,
               (SELECT p.code FROM partnerships p WHERE p.id = r.partnership_id) AS partnership_code
        FROM design_requests r
       
        LEFT JOIN users o ON o.id = r.stage_owner_user_id
        LEFT JOIN users rb ON rb.id = r.raised_by_user_id
        """;

    private const string OpenStages = "r.stage NOT IN ('Released', 'Declined', 'Withdrawn')";

    // Stages sort in the order a request goes through them, not by name.
    private static readonly string StageOrder =
        $"CASE r.stage {string.Concat(Enum.GetValues<DesignStage>().Select(s => $"WHEN '{s}' THEN {(int)s} "))}END";

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>A customer's people, or supplier staff on the customer's behalf, raise a request. Null when the partnership is outside the scope.</summary>
    public Task<DesignRequest?> RaiseAsync(CallerScope scope, long partnershipId, DesignRequestInput input, IReadOnlyList<NewAttachment> files, CancellationToken cancellationToken = default)
    {
        if (scope.Kind != ActorKind.User && scope.Kind != ActorKind.System)
        {
            throw new ScopeException("Design requests are raised by people.");
        }
        var errors = DesignRequestRules.CheckIntake(input);
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
        return database.InTransactionAsync<DesignRequest?>(async (connection, transaction) =>
        {
            var partnership = await connection.QuerySingleOrDefaultAsync<(long Id, string Currency, long? SupplierLeadUserId)>(new CommandDefinition(
                $"SELECT id, currency, supplier_lead_user_id FROM partnerships WHERE id = @partnershipId AND {database.Dialect.IsIn("id", "@Allowed")}",
                new { partnershipId, Allowed = scope.PartnershipIds }, transaction, cancellationToken: cancellationToken));
            if (partnership.Id == 0)
            {
                return null;
            }
            var now = clock.GetUtcNow();
            var id = await connection.QuerySingleAsync<long>(new CommandDefinition(
                """
                INSERT INTO design_requests (partnership_id, title, application, operating_conditions, annual_volume, target_price_minor, currency,
                    needed_by, standards, description, stage, stage_owner_user_id, raised_by_user_id, created_at, updated_at, number)
                VALUES (@partnershipId, @Title, @Application, @OperatingConditions, @AnnualVolume, @TargetPriceMinor, @Currency,
                    @NeededBy, @Standards, @Description, @Stage, @Owner, @RaisedBy, @now, @now, @Number)
                RETURNING id
                """,
                new
                {
                    partnershipId, Title = input.Title.Trim(), Application = input.Application.Trim(), OperatingConditions = input.OperatingConditions.Trim(),
                    input.AnnualVolume, input.TargetPriceMinor, partnership.Currency, input.NeededBy, Standards = input.Standards.Trim(),
                    Description = input.Description.Trim(), Stage = nameof(DesignStage.Submitted), Owner = partnership.SupplierLeadUserId,
                    RaisedBy = UserOf(scope), now, Number = await RecordNumbers.TakeAsync(connection, transaction, partnershipId, RecordKind.DesignRequest, cancellationToken),
                }, transaction, cancellationToken: cancellationToken));
            await StartStageAsync(connection, transaction, id, DesignStage.Submitted, partnership.SupplierLeadUserId, null, cancellationToken);
            foreach (var file in files)
            {
                await attachments.AddAsync(connection, transaction, scope, partnershipId, AttachmentOwners.DesignRequest, id, file, cancellationToken);
            }
            var created = (await GetAsync(connection, transaction, scope, id, cancellationToken))!;
            await changes.RecordAsync(connection, transaction, scope, ChangeKinds.DesignRequest.Of(partnershipId, id, DesignRequestChange.Raised, null, created)
                .Telling(Recipients(created), $"New design request {created.Reference}: {created.Title}", $"{scope.ActorName} raised it; it waits for triage."), cancellationToken);
            return created;
        }, cancellationToken);
    }

    public Task<Page<DesignRequest>> GetPageAsync(CallerScope scope, long partnershipId, DesignRequestFilter filter, int pageNumber, CancellationToken cancellationToken = default) =>
        GetPageAsync(scope, partnershipId, filter, pageNumber, PageSize, cancellationToken);

    /// <summary>Every request the filter lets through, in its order, for a download of the whole list (bounded by <paramref name="limit"/>).</summary>
    public async Task<IReadOnlyList<DesignRequest>> ListAllAsync(CallerScope scope, long partnershipId, DesignRequestFilter filter, int limit, CancellationToken cancellationToken = default) =>
        (await GetPageAsync(scope, partnershipId, filter, 1, limit, cancellationToken)).Items;

    private async Task<Page<DesignRequest>> GetPageAsync(CallerScope scope, long partnershipId, DesignRequestFilter filter, int pageNumber, int pageSize, CancellationToken cancellationToken)
    {
        pageNumber = Math.Max(1, pageNumber);
        var search = TextSearch.Of(filter.Search);
        // Conditions are added only when set: PostgreSQL cannot type an untyped NULL parameter in "@p IS NULL".
        var where = new List<string> { "r.partnership_id = @partnershipId", database.Dialect.IsIn("r.partnership_id", "@Allowed") };
        if (filter.Stage is not null) where.Add("r.stage = @Stage");
        if (filter.OwnerUserId is not null) where.Add("r.stage_owner_user_id = @OwnerUserId");
        if (filter.OverdueOnly) where.Add($"{OpenStages} AND r.stage_planned_end < @Today");
        if (search is not null) where.Add(search.Condition("r.number", "r.title", "r.application"));
        var whereSql = "WHERE " + string.Join(" AND ", where);
        var orderBy = filter.Sort switch
        {
            DesignRequestSort.Title => ListOrder.By("lower(r.title)", filter.Descending, "r.id"),
            DesignRequestSort.Stage => ListOrder.By(StageOrder, filter.Descending, "r.id"),
            DesignRequestSort.StageDue => ListOrder.By("r.stage_planned_end", filter.Descending, "r.id", nullable: true),
            DesignRequestSort.NeededBy => ListOrder.By("r.needed_by", filter.Descending, "r.id", nullable: true),
            DesignRequestSort.Volume => ListOrder.By("r.annual_volume", filter.Descending, "r.id"),
            _ => ListOrder.By("r.number", filter.Descending, "r.id", nullable: true),
        };
        var parameters = new
        {
            partnershipId, Allowed = scope.PartnershipIds, Stage = filter.Stage?.ToString(), filter.OwnerUserId, Today,
            search?.Like, search?.Number, Limit = pageSize, Offset = (long)(pageNumber - 1) * pageSize,
        };
        await using var connection = await database.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM design_requests r {whereSql}", parameters, cancellationToken: cancellationToken));
        var items = await connection.QueryAsync<DesignRequest>(new CommandDefinition(
            $"{Select} {whereSql} ORDER BY {orderBy} LIMIT @Limit OFFSET @Offset", parameters, cancellationToken: cancellationToken));
        return new Page<DesignRequest>(items.ToList(), pageNumber, pageSize, total);
    }

    /// <summary>
    /// Keyset paging for ERP clients: requests of every partnership in scope with an id above <paramref name="afterId"/>,
    /// with the count of all that match the stage filter.
    /// </summary>
    public async Task<(IReadOnlyList<DesignRequest> Rows, long Total)> ListAfterAsync(CallerScope scope, DesignStage? stage, long afterId, int limit,
        CancellationToken cancellationToken = default)
    {
        var where = $"{database.Dialect.IsIn("r.partnership_id", "@Allowed")} {(stage is null ? "" : "AND r.stage = @Stage")}";
        var parameters = new { Allowed = scope.PartnershipIds, afterId, limit, Stage = stage?.ToString() };
        await using var connection = await database.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM design_requests r WHERE {where}", parameters, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<DesignRequest>(new CommandDefinition(
            $"{Select} WHERE {where} AND r.id > @afterId ORDER BY r.id LIMIT @limit", parameters, cancellationToken: cancellationToken));
        return (rows.ToList(), total);
    }

    /// <summary>Null when the request does not exist or belongs to a partnership outside the scope.</summary>
    public async Task<DesignRequestDetails?> GetDetailsAsync(CallerScope scope, long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var request = await GetAsync(connection, null, scope, id, cancellationToken);
        if (request is null)
        {
            return null;
        }
        var stages = await connection.QueryAsync<DesignStageEntry>(new CommandDefinition(
            """
            SELECT s.id, s.stage, s.owner_user_id, u.display_name AS owner_name, s.started_on, s.planned_end, s.ended_on
            FROM design_request_stages s LEFT JOIN users u ON u.id = s.owner_user_id
            WHERE s.design_request_id = @id ORDER BY s.id
            """, new { id }, cancellationToken: cancellationToken));
        // Internal notes are the supplier's: the filter is here, in the query, not in the page.
        var comments = await connection.QueryAsync<DesignComment>(new CommandDefinition(
            $"""
            SELECT id, author_user_id, author_name, body, is_internal, created_at
            FROM design_request_comments WHERE design_request_id = @id {(scope.IsSupplier ? "" : "AND is_internal = FALSE")}
            ORDER BY created_at, id
            """, new { id }, cancellationToken: cancellationToken));
        var files = await attachments.ListForOwnerAsync(scope, request.PartnershipId, AttachmentOwners.DesignRequest, id, cancellationToken);
        return new DesignRequestDetails(request, stages.ToList(), comments.ToList(), files);
    }

    /// <summary>The people who may own a stage or be mentioned: everyone who can see the partnership.</summary>
    public async Task<IReadOnlyList<PartnershipPerson>> GetPeopleAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken = default)
    {
        if (!scope.CanSee(partnershipId))
        {
            return [];
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        return await PartnershipPeople.ListAsync(connection, null, partnershipId, cancellationToken);
    }

    /// <summary>Moves the request to its next stage with a named owner. Null when the request is not visible.</summary>
    public Task<DesignRequest?> AdvanceAsync(CallerScope scope, long id, long ownerUserId, CancellationToken cancellationToken = default) =>
        ChangeAsync(scope, id, DesignRequestChange.Advance, null, async (connection, transaction, request, to) =>
        {
            var people = await PartnershipPeople.ListAsync(connection, transaction, request.PartnershipId, cancellationToken);
            if (people.All(p => p.UserId != ownerUserId))
            {
                throw new ValidationException(new Dictionary<string, string> { ["OwnerUserId"] = "Choose an owner who works on this partnership." });
            }
            await MoveAsync(connection, transaction, request, to, ownerUserId, cancellationToken);
        }, cancellationToken);

    /// <summary>Gives the feasibility verdict; Not a fit closes the request as Declined with the recommended alternative.</summary>
    public Task<DesignRequest?> RecordVerdictAsync(CallerScope scope, long id, VerdictInput input, CancellationToken cancellationToken = default)
    {
        var errors = DesignRequestRules.CheckVerdict(input);
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
        return ChangeAsync(scope, id, DesignRequestChange.RecordVerdict, input.Verdict, async (connection, transaction, request, to) =>
        {
            var notAFit = input.Verdict == FitVerdict.NotAFit;
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE design_requests SET verdict = @Verdict, verdict_conditions = @Conditions, alternative_name = @AlternativeName,
                    alternative_reason = @AlternativeReason, alternative_link = @AlternativeLink, verdict_at = @now, updated_at = @now
                WHERE id = @Id
                """,
                new
                {
                    request.Id, Verdict = input.Verdict.ToString(), Conditions = Trimmed(input.Verdict == FitVerdict.Marginal ? input.Conditions : null),
                    AlternativeName = Trimmed(notAFit ? input.AlternativeName : null), AlternativeReason = Trimmed(notAFit ? input.AlternativeReason : null),
                    AlternativeLink = Trimmed(notAFit ? input.AlternativeLink : null), now = clock.GetUtcNow(),
                }, transaction, cancellationToken: cancellationToken));
            if (to != request.Stage)
            {
                await MoveAsync(connection, transaction, request, to, null, cancellationToken);
            }
        }, cancellationToken);
    }

    public Task<DesignRequest?> WithdrawAsync(CallerScope scope, long id, CancellationToken cancellationToken = default) =>
        ChangeAsync(scope, id, DesignRequestChange.Withdraw, null, (connection, transaction, request, to) => MoveAsync(connection, transaction, request, to, null, cancellationToken), cancellationToken);

    /// <summary>A comment for both sides, or an internal note for the supplier only. Mentioned people who may read it are notified.</summary>
    public Task<DesignComment?> CommentAsync(CallerScope scope, long id, string body, bool isInternal, CancellationToken cancellationToken = default)
    {
        if (isInternal && !scope.IsSupplier)
        {
            throw new ScopeException("Internal notes are for the supplier's staff.");
        }
        if (string.IsNullOrWhiteSpace(body) || body.Length > DesignRequestRules.MaxTextLength)
        {
            throw new ValidationException(new Dictionary<string, string>
            {
                ["Body"] = string.IsNullOrWhiteSpace(body) ? "Write something first." : $"Keep it under {DesignRequestRules.MaxTextLength} characters.",
            });
        }
        return database.InTransactionAsync<DesignComment?>(async (connection, transaction) =>
        {
            var request = await GetAsync(connection, transaction, scope, id, cancellationToken);
            if (request is null)
            {
                return null;
            }
            var comment = await connection.QuerySingleAsync<DesignComment>(new CommandDefinition(
                """
                INSERT INTO design_request_comments (design_request_id, author_user_id, author_name, body, is_internal, created_at)
                VALUES (@id, @Author, @AuthorName, @Body, @isInternal, @Now)
                RETURNING id, author_user_id, author_name, body, is_internal, created_at
                """, new { id, Author = UserOf(scope), AuthorName = scope.ActorName, Body = body.Trim(), isInternal, Now = clock.GetUtcNow() }, transaction, cancellationToken: cancellationToken));
            var mentioned = Mentioned(await PartnershipPeople.ListAsync(connection, transaction, request.PartnershipId, cancellationToken), body)
                .Where(p => p.IsSupplier || !isInternal).Select(p => p.UserId).Where(u => u != scope.ActorId).ToList();
            // The trail is readable by both sides: an internal note leaves no text there. A comment changes no field of the request.
            var change = ChangeKinds.DesignRequest.Of(request.PartnershipId, id, isInternal ? DesignRequestChange.InternalNoteAdded : DesignRequestChange.Commented, null, null)
                .Saying(isInternal ? null : comment.Body)
                .Telling(mentioned, $"{scope.ActorName} mentioned you", $"{(isInternal ? "Internal note" : "Comment")} on design request {request.Reference} “{request.Title}”.");
            await changes.RecordAsync(connection, transaction, scope, change, cancellationToken);
            return comment;
        }, cancellationToken);
    }

    /// <summary>Adds a file to a request (either side; supplier-only files for the supplier). Null when the request is not visible.</summary>
    public Task<Attachment?> AttachAsync(CallerScope scope, long id, NewAttachment file, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync<Attachment?>(async (connection, transaction) =>
        {
            var request = await GetAsync(connection, transaction, scope, id, cancellationToken);
            return request is null
                ? null
                : await attachments.AddAsync(connection, transaction, scope, request.PartnershipId, AttachmentOwners.DesignRequest, id, file, cancellationToken);
        }, cancellationToken);

    /// <summary>Overrides a stage's target duration for one partnership (supplier admins and account leads).</summary>
    public Task SetStageTargetAsync(CallerScope scope, long partnershipId, DesignStage stage, int workingDays, CancellationToken cancellationToken = default)
    {
        scope.Require(Permission.AgreeTerms);
        if (!scope.CanSee(partnershipId))
        {
            throw new ScopeException("The partnership is outside the caller's scope.");
        }
        if (!DesignStageTargets.HasTarget(stage) || workingDays <= 0)
        {
            throw new ValidationException(new Dictionary<string, string> { ["WorkingDays"] = "Feasibility, Design, Prototype and Validation take at least one working day." });
        }
        return database.InTransactionAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO design_stage_targets (partnership_id, stage, working_days) VALUES (@partnershipId, @Stage, @workingDays)
                ON CONFLICT (partnership_id, stage) DO UPDATE SET working_days = excluded.working_days
                """, new { partnershipId, Stage = stage.ToString(), workingDays }, transaction, cancellationToken: cancellationToken));
            await changes.RecordAsync(connection, transaction, scope,
                ChangeKinds.DesignStageTarget.Of(partnershipId, stage.ToString(), DesignStageTargetChange.Set, null, new DesignStageTargetState(stage, workingDays)), cancellationToken);
        }, cancellationToken);
    }

    public async Task<DesignStageTargets> GetStageTargetsAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return scope.CanSee(partnershipId) ? await TargetsAsync(connection, null, partnershipId, cancellationToken) : new DesignStageTargets([]);
    }

    private Task<DesignRequest?> ChangeAsync(CallerScope scope, long id, DesignRequestChange action, FitVerdict? verdict,
        Func<DbConnection, DbTransaction, DesignRequest, DesignStage, Task> change, CancellationToken cancellationToken) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var before = await GetAsync(connection, transaction, scope, id, cancellationToken);
            if (before is null)
            {
                return null;
            }
            var move = action switch
            {
                DesignRequestChange.Advance => DesignAction.Advance,
                DesignRequestChange.RecordVerdict => DesignAction.RecordVerdict,
                _ => DesignAction.Withdraw,
            };
            var transition = DesignTransitions.Decide(before.Stage, move, DesignTransitions.SideOf(scope), move == DesignAction.RecordVerdict ? verdict : before.Verdict);
            if (transition.Forbidden)
            {
                throw new ScopeException(transition.Error!);
            }
            if (transition.To is not { } to)
            {
                throw new ValidationException(new Dictionary<string, string> { ["Stage"] = transition.Error! });
            }
            await change(connection, transaction, before, to);
            var after = (await GetAsync(connection, transaction, scope, id, cancellationToken))!;
            var title = action == DesignRequestChange.RecordVerdict
                ? $"Feasibility verdict on {after.Reference} “{after.Title}”: {DesignTransitions.Label(after.Verdict!.Value)}"
                : $"{after.Reference} “{after.Title}” moved to {DesignTransitions.Label(after.Stage)}";
            var recipients = Recipients(before).Concat(Recipients(after)).Where(u => u != scope.ActorId);
            await changes.RecordAsync(connection, transaction, scope,
                ChangeKinds.DesignRequest.Of(before.PartnershipId, id, action, before, after).Telling(recipients, title, $"By {scope.ActorName}."), cancellationToken);
            return after;
        }, cancellationToken);

    /// <summary>Ends the current stage today and starts <paramref name="to"/>, with its planned end from the partnership's targets.</summary>
    private async Task MoveAsync(DbConnection connection, DbTransaction transaction, DesignRequest request, DesignStage to, long? ownerUserId, CancellationToken cancellationToken)
    {
        var today = Today;
        await connection.ExecuteAsync(new CommandDefinition("UPDATE design_request_stages SET ended_on = @today WHERE design_request_id = @Id AND ended_on IS NULL", new { today, request.Id }, transaction, cancellationToken: cancellationToken));
        var plannedEnd = await StartStageAsync(connection, transaction, request.Id, to, ownerUserId, await TargetsAsync(connection, transaction, request.PartnershipId, cancellationToken), cancellationToken);
        if (!DesignTransitions.IsOpen(to))
        {
            await connection.ExecuteAsync(new CommandDefinition("UPDATE design_request_stages SET ended_on = @today WHERE design_request_id = @Id AND ended_on IS NULL", new { today, request.Id }, transaction, cancellationToken: cancellationToken));
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE design_requests SET stage = @Stage, stage_owner_user_id = @ownerUserId, stage_planned_end = @plannedEnd, updated_at = @Now WHERE id = @Id",
            new { Stage = to.ToString(), ownerUserId, plannedEnd, Now = clock.GetUtcNow(), request.Id }, transaction, cancellationToken: cancellationToken));
    }

    private async Task<DateOnly?> StartStageAsync(DbConnection connection, DbTransaction transaction, long requestId, DesignStage stage, long? ownerUserId, DesignStageTargets? targets, CancellationToken cancellationToken)
    {
        var plannedEnd = targets?.PlannedEnd(stage, Today);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO design_request_stages (design_request_id, stage, owner_user_id, started_on, planned_end) VALUES (@requestId, @Stage, @ownerUserId, @Today, @plannedEnd)",
            new { requestId, Stage = stage.ToString(), ownerUserId, Today, plannedEnd }, transaction, cancellationToken: cancellationToken));
        return plannedEnd;
    }

    private static async Task<DesignStageTargets> TargetsAsync(DbConnection connection, DbTransaction? transaction, long partnershipId, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(string Stage, int WorkingDays)>(new CommandDefinition(
            "SELECT stage, working_days FROM design_stage_targets WHERE partnership_id = @partnershipId", new { partnershipId }, transaction, cancellationToken: cancellationToken));
        return new DesignStageTargets(rows.Select(r => KeyValuePair.Create(Enum.Parse<DesignStage>(r.Stage), r.WorkingDays)));
    }

    private Task<DesignRequest?> GetAsync(DbConnection connection, DbTransaction? transaction, CallerScope scope, long id, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<DesignRequest?>(new CommandDefinition(
            $"{Select} WHERE r.id = @id AND {database.Dialect.IsIn("r.partnership_id", "@Allowed")}", new { id, Allowed = scope.PartnershipIds }, transaction, cancellationToken: cancellationToken));

    private static IEnumerable<PartnershipPerson> Mentioned(IReadOnlyList<PartnershipPerson> people, string body) =>
        Mentions.Parse(body).SelectMany(m => people.Where(p =>
            (m.Email is not null && p.Email.Equals(m.Email, StringComparison.OrdinalIgnoreCase)) ||
            (m.DisplayName is not null && p.DisplayName.Equals(m.DisplayName, StringComparison.OrdinalIgnoreCase))));

    private static IEnumerable<long> Recipients(DesignRequest request) =>
        new[] { request.StageOwnerUserId, request.RaisedByUserId }.OfType<long>();

    private static long? UserOf(CallerScope scope) => scope.Kind == ActorKind.User ? scope.ActorId : null;

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
