using System.Data.Common;
using Dapper;
using Portal.Data.Attachments;
using Portal.Data.Audit;
using Portal.Data.Changes;
using Portal.Data.Database;
using Portal.Data.Partnerships;
using Portal.Data.Tenancy;

namespace Portal.Data.Quality;

/// <summary>Raises, reads and lists quality issues within the caller's scope, and keeps their photos and files.</summary>
public sealed class QualityIssueStore(PortalDatabase database, ChangeRecorder changes, AttachmentStore attachments, TimeProvider clock)
{
    public const int PageSize = 20;

    private const string SelectIssue = """
        SELECT q.id, q.partnership_id, q.title, q.description, q.severity, q.state, q.item_id, i.name AS item_name, i.sku AS item_sku,
               q.purchase_order_id, po.number AS purchase_order_number, q.delivery_id, d.external_id AS delivery_external_id, q.lot,
               q.quantity_affected, q.quantity_inspected, q.raised_by_name, q.raised_by_customer, q.raised_at, q.containment_due_at,
               q.verification_accepted_at, q.verification_rejection, q.closed_at, q.request_id, q.number,
               (SELECT p.code FROM partnerships p WHERE p.id = q.partnership_id) AS partnership_code
        FROM quality_issues q
       
        JOIN items i ON i.id = q.item_id
        LEFT JOIN purchase_orders po ON po.id = q.purchase_order_id
        LEFT JOIN deliveries d ON d.id = q.delivery_id
        """;

    /// <summary>
    /// A person raises an issue with its files; field errors for bad input, references outside the partnership or a
    /// refused file, and then nothing is stored. Null when the partnership is outside the scope.
    /// </summary>
    public Task<QualityIssue?> RaiseAsync(CallerScope scope, long partnershipId, NewQualityIssue input, IReadOnlyList<NewAttachment> files, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            if (!scope.CanSee(partnershipId))
            {
                return null;
            }
            var errors = QualityRules.Validate(input.Title, input.Description, input.QuantityAffected, input.QuantityInspected);
            await QualityReferences.AddErrorsAsync(connection, transaction, partnershipId, input, errors, cancellationToken);
            if (errors.Count > 0)
            {
                throw new ValidationException(errors);
            }
            var id = (await InsertAsync(connection, transaction, scope, partnershipId, input, requestId: null, cancellationToken))!.Value;
            foreach (var file in files)
            {
                await attachments.AddAsync(connection, transaction, scope, partnershipId, AttachmentOwners.QualityIssue, id, file, cancellationToken);
            }
            return await AfterRaiseAsync(connection, transaction, scope, partnershipId, id, cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// Either side adds a photo or file, also after closing (evidence often arrives late). The attachment store audits
    /// it and refuses a file that breaks the rules. Null when the issue is not visible or not in the named partnership.
    /// </summary>
    public Task<Attachment?> AttachAsync(CallerScope scope, long partnershipId, long issueId, NewAttachment file, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync<Attachment?>(async (connection, transaction) =>
        {
            var issue = await GetAsync(connection, transaction, scope, issueId, cancellationToken);
            return issue is null || issue.PartnershipId != partnershipId
                ? null
                : await attachments.AddAsync(connection, transaction, scope, partnershipId, AttachmentOwners.QualityIssue, issueId, file, cancellationToken);
        }, cancellationToken);

    /// <summary>The issue's files the caller may see; empty for an issue outside the scope.</summary>
    public Task<IReadOnlyList<Attachment>> ListAttachmentsAsync(CallerScope scope, long partnershipId, long issueId, CancellationToken cancellationToken = default) =>
        attachments.ListForOwnerAsync(scope, partnershipId, AttachmentOwners.QualityIssue, issueId, cancellationToken);

    /// <summary>
    /// An ERP raises an issue against a line of a delivery it synced. A retry with the same request id returns the
    /// issue the first call created (the unique key decides, so two racing retries cannot both create one).
    /// </summary>
    public Task<(QualityIssue Issue, bool Created)> RaiseFromErpAsync(CallerScope scope, ErpQualityIssue input, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var partnershipId = scope.PartnershipIds.Count == 1 ? scope.PartnershipIds[0] : throw new ScopeException("An ERP client raises issues for its one partnership.");
            var errors = QualityRules.Validate(input.Title, input.Description, input.QuantityAffected, input.QuantityInspected);
            if (string.IsNullOrWhiteSpace(input.RequestId)) errors["RequestId"] = "Send a request id so that a retry cannot raise the issue twice.";
            if (input.Severity is null) errors["Severity"] = "Say how severe the issue is.";
            var line = await connection.QuerySingleOrDefaultAsync<(long DeliveryId, long ItemId, long PurchaseOrderId, string? Lot)>(new CommandDefinition(
                """
                SELECT d.id, l.item_id, l.purchase_order_id, dl.lot
                FROM deliveries d
                JOIN delivery_lines dl ON dl.delivery_id = d.id
                JOIN purchase_order_lines l ON l.id = dl.po_line_id
                WHERE d.partnership_id = @partnershipId AND d.external_id = @DeliveryExternalId AND dl.line_no = @DeliveryLineNo
                """, new { partnershipId, input.DeliveryExternalId, input.DeliveryLineNo }, transaction, cancellationToken: cancellationToken));
            if (line.DeliveryId == 0) errors["DeliveryExternalId"] = "No delivery line with this external id and line number has been synced.";
            if (errors.Count > 0 || input.Severity is not { } severity)
            {
                throw new ValidationException(errors);
            }
            var issue = new NewQualityIssue(input.Title, input.Description, severity, line.ItemId, line.PurchaseOrderId, line.DeliveryId, line.Lot,
                input.QuantityAffected, input.QuantityInspected);
            if (await InsertAsync(connection, transaction, scope, partnershipId, issue, input.RequestId.Trim(), cancellationToken) is { } id)
            {
                return (await AfterRaiseAsync(connection, transaction, scope, partnershipId, id, cancellationToken), true);
            }
            var existing = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT id FROM quality_issues WHERE partnership_id = @partnershipId AND request_id = @RequestId",
                new { partnershipId, RequestId = input.RequestId.Trim() }, transaction, cancellationToken: cancellationToken));
            return ((await GetAsync(connection, transaction, scope, existing, cancellationToken))!, false);
        }, cancellationToken);

    /// <summary>Null when the issue does not exist or belongs to a partnership outside the scope.</summary>
    public async Task<QualityIssue?> GetAsync(CallerScope scope, long issueId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await GetAsync(connection, null, scope, issueId, cancellationToken);
    }

    public async Task<Page<QualityIssueSummary>> ListAsync(CallerScope scope, long partnershipId, QualityIssueFilter filter, int pageNumber, int pageSize = PageSize, CancellationToken cancellationToken = default)
    {
        pageNumber = Math.Max(1, pageNumber);
        var order = filter.Sort switch
        {
            QualityIssueSort.Number => ListOrder.By("q.number", filter.Descending, "q.id", nullable: true),
            QualityIssueSort.Title => ListOrder.By("lower(q.title)", filter.Descending, "q.id"),
            QualityIssueSort.Severity => ListOrder.By("CASE q.severity WHEN 'Critical' THEN 0 WHEN 'Major' THEN 1 ELSE 2 END", filter.Descending, "q.id"),
            QualityIssueSort.Item => ListOrder.By("lower(i.name)", filter.Descending, "q.id"),
            QualityIssueSort.Quantity => ListOrder.By("q.quantity_affected", filter.Descending, "q.id"),
            QualityIssueSort.NextDue => ListOrder.By("cur.due_at", filter.Descending, "q.id", nullable: true),
            _ => ListOrder.By("q.raised_at", filter.Descending, "q.id"),
        };
        var (conditions, parameters) = Conditions(scope, partnershipId, filter);
        parameters.Add("Limit", pageSize);
        parameters.Add("Offset", (long)(pageNumber - 1) * pageSize);
        await using var connection = await database.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM quality_issues q JOIN items i ON i.id = q.item_id WHERE {conditions}", parameters, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<QualityIssueSummary>(new CommandDefinition(
            $"{SummarySelect} WHERE {conditions} ORDER BY {order} LIMIT @Limit OFFSET @Offset", parameters, cancellationToken: cancellationToken));
        return new Page<QualityIssueSummary>(rows.ToList(), pageNumber, pageSize, total);
    }

    /// <summary>
    /// Keyset paging for ERP clients: the partnership's issues with an id above <paramref name="afterId"/>, in id order,
    /// so that a page never skips or repeats an issue when others are raised or closed meanwhile. With the count of all
    /// that match, which the contract has always answered.
    /// </summary>
    public async Task<(IReadOnlyList<QualityIssueSummary> Rows, long Total)> ListAfterAsync(CallerScope scope, long partnershipId, QualityIssueFilter filter, long afterId, int limit,
        CancellationToken cancellationToken = default)
    {
        var (all, parameters) = Conditions(scope, partnershipId, filter);
        parameters.Add("AfterId", afterId);
        parameters.Add("Limit", limit);
        await using var connection = await database.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM quality_issues q JOIN items i ON i.id = q.item_id WHERE {all}", parameters, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<QualityIssueSummary>(new CommandDefinition(
            $"{SummarySelect} WHERE {all} AND q.id > @AfterId ORDER BY q.id LIMIT @Limit", parameters, cancellationToken: cancellationToken));
        return (rows.ToList(), total);
    }

    // The current step is the first one not done; steps sort by name because D1..D8 sort as they run.
    private const string SummarySelect =
        """
        SELECT q.id, q.title, q.severity, q.state, i.name AS item_name, q.quantity_affected, q.raised_at, q.closed_at,
               cur.step AS current_step, u.display_name AS current_owner_name, cur.due_at AS current_due_at,
               (SELECT COUNT(*) FROM quality_issue_steps o WHERE o.issue_id = q.id AND o.done_at IS NULL AND o.due_at < @Now) AS overdue_steps,
               q.number,
               (SELECT p.code FROM partnerships p WHERE p.id = q.partnership_id) AS partnership_code
        FROM quality_issues q
       
        JOIN items i ON i.id = q.item_id
        LEFT JOIN quality_issue_steps cur ON cur.issue_id = q.id
             AND cur.step = (SELECT MIN(s.step) FROM quality_issue_steps s WHERE s.issue_id = q.id AND s.done_at IS NULL)
        LEFT JOIN users u ON u.id = cur.owner_user_id
        """;

    private (string Sql, DynamicParameters Parameters) Conditions(CallerScope scope, long partnershipId, QualityIssueFilter filter)
    {
        var where = new List<string> { "q.partnership_id = @partnershipId", database.Dialect.IsIn("q.partnership_id", "@Allowed") };
        if (filter.State is not null) where.Add("q.state = @State");
        if (filter.Severity is not null) where.Add("q.severity = @Severity");
        if (filter.OwnerUserId is not null) where.Add("EXISTS (SELECT 1 FROM quality_issue_steps o WHERE o.issue_id = q.id AND o.owner_user_id = @OwnerUserId AND o.done_at IS NULL)");
        if (filter.OverdueOnly) where.Add("EXISTS (SELECT 1 FROM quality_issue_steps o WHERE o.issue_id = q.id AND o.done_at IS NULL AND o.due_at < @Now)");
        var search = TextSearch.Of(filter.Search);
        if (search is not null) where.Add(search.Condition("q.number", "q.title", "i.name", "COALESCE(q.lot, '')"));
        var parameters = new DynamicParameters(new
        {
            partnershipId,
            Allowed = scope.PartnershipIds,
            State = filter.State?.ToString(),
            Severity = filter.Severity?.ToString(),
            filter.OwnerUserId,
            Now = clock.GetUtcNow(),
            search?.Like,
            search?.Number,
        });
        return (string.Join(" AND ", where), parameters);
    }

    /// <summary>The partnership's items, recent orders, deliveries and lots for the raise form; empty outside the scope.</summary>
    public async Task<QualityReferenceChoices> GetReferenceChoicesAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken = default)
    {
        if (!scope.CanSee(partnershipId))
        {
            return new QualityReferenceChoices([], [], [], []);
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        return await QualityReferences.ChoicesAsync(connection, database.Dialect, partnershipId, 100, cancellationToken);
    }

    internal async Task<QualityIssue?> GetAsync(DbConnection connection, DbTransaction? transaction, CallerScope scope, long issueId, CancellationToken cancellationToken)
    {
        var issue = await connection.QuerySingleOrDefaultAsync<QualityIssue>(new CommandDefinition(
            $"{SelectIssue} WHERE q.id = @issueId AND {database.Dialect.IsIn("q.partnership_id", "@Allowed")}",
            new { issueId, Allowed = scope.PartnershipIds }, transaction, cancellationToken: cancellationToken));
        if (issue is null)
        {
            return null;
        }
        var steps = await connection.QueryAsync<QualityStep>(new CommandDefinition(
            """
            SELECT s.step, s.owner_user_id, u.display_name AS owner_name, s.due_at, s.done_at, s.details
            FROM quality_issue_steps s LEFT JOIN users u ON u.id = s.owner_user_id
            WHERE s.issue_id = @issueId ORDER BY s.step
            """, new { issueId }, transaction, cancellationToken: cancellationToken));
        return issue with { Steps = steps.ToList() };
    }

    /// <summary>Inserts the issue and its eight steps; null when the request id was already used (the issue exists).</summary>
    private async Task<long?> InsertAsync(DbConnection connection, DbTransaction transaction, CallerScope scope, long partnershipId, NewQualityIssue input, string? requestId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = QualityRules.DueDates(now, await ContainmentWindowAsync(connection, transaction, partnershipId, input.Severity, cancellationToken));
        var number = await RecordNumbers.TakeAsync(connection, transaction, partnershipId, RecordKind.QualityIssue, cancellationToken);
        var id = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            """
            INSERT INTO quality_issues (partnership_id, title, description, severity, state, item_id, purchase_order_id, delivery_id, lot,
                quantity_affected, quantity_inspected, raised_by_name, raised_by_customer, raised_at, containment_due_at, request_id, number)
            VALUES (@partnershipId, @Title, @Description, @Severity, 'Open', @ItemId, @PurchaseOrderId, @DeliveryId, @Lot,
                @QuantityAffected, @QuantityInspected, @RaisedByName, @RaisedByCustomer, @now, @ContainmentDueAt, @requestId, @number)
            ON CONFLICT (partnership_id, request_id) DO NOTHING
            RETURNING id
            """,
            new
            {
                partnershipId,
                Title = input.Title.Trim(),
                Description = input.Description.Trim(),
                Severity = input.Severity.ToString(),
                input.ItemId,
                input.PurchaseOrderId,
                input.DeliveryId,
                Lot = string.IsNullOrWhiteSpace(input.Lot) ? null : input.Lot.Trim(),
                input.QuantityAffected,
                input.QuantityInspected,
                RaisedByName = scope.ActorName,
                RaisedByCustomer = !scope.IsSupplier,
                now,
                ContainmentDueAt = due[EightDStep.D3],
                requestId,
                number,
            }, transaction, cancellationToken: cancellationToken));
        if (id is not { } issueId)
        {
            await RecordNumbers.GiveBackAsync(connection, transaction, partnershipId, RecordKind.QualityIssue, cancellationToken);
            return null;
        }
        // Containment waits for nobody: D1–D3 start with the partnership's default owner, the later steps are assigned as the work reaches them.
        var owner = await ContainmentTargetStore.DefaultOwnerAsync(connection, transaction, partnershipId, input.Severity, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO quality_issue_steps (issue_id, partnership_id, step, due_at, owner_user_id) VALUES (@issueId, @partnershipId, @Step, @DueAt, @Owner)",
            EightDSteps.All.Select(step => new { issueId, partnershipId, Step = step.ToString(), DueAt = due[step], Owner = step <= EightDStep.D3 ? owner : null }),
            transaction, cancellationToken: cancellationToken));
        return issueId;
    }

    /// <summary>The partnership's agreed containment window for this severity, or the default.</summary>
    internal static async Task<TimeSpan> ContainmentWindowAsync(DbConnection connection, DbTransaction transaction, long partnershipId, Severity severity, CancellationToken cancellationToken)
    {
        var overrides = (await connection.QueryAsync<(string Severity, int Hours)>(new CommandDefinition(
                "SELECT severity, hours FROM quality_containment_targets WHERE partnership_id = @partnershipId", new { partnershipId }, transaction, cancellationToken: cancellationToken)))
            .ToDictionary(o => Enum.Parse<Severity>(o.Severity), o => o.Hours);
        return QualityRules.ContainmentWindow(severity, overrides);
    }

    private async Task<QualityIssue> AfterRaiseAsync(DbConnection connection, DbTransaction transaction, CallerScope scope, long partnershipId, long issueId, CancellationToken cancellationToken)
    {
        var issue = (await GetAsync(connection, transaction, scope, issueId, cancellationToken))!;
        var leads = await connection.QuerySingleAsync<(long? Supplier, long? Customer)>(new CommandDefinition(
            "SELECT supplier_lead_user_id, customer_lead_user_id FROM partnerships WHERE id = @partnershipId", new { partnershipId }, transaction, cancellationToken: cancellationToken));
        var change = ChangeKinds.QualityIssue.Of(partnershipId, issueId, QualityIssueChange.Raised, null, issue)
            .Telling(new[] { leads.Supplier, leads.Customer }.OfType<long>(), $"{issue.Severity} quality issue raised", $"{issue.Reference} · {issue.Title} ({issue.ItemName}), raised by {issue.RaisedByName}.");
        await changes.RecordAsync(connection, transaction, scope, change, cancellationToken);
        return issue;
    }
}
