using System.Data.Common;
using Dapper;
using Portal.Data.Changes;
using Portal.Data.Database;
using Portal.Data.Partnerships;
using Portal.Data.Tenancy;
using Portal.Data.Users;

namespace Portal.Data.Credit;

/// <summary>
/// A partnership's credit line and its arrangements. Both sides read everything here (it is the customer's own
/// credit); Finance or an admin sets the line; either side requests; only supplier Finance decides, never the
/// requester. Every method answers null for a partnership outside the caller's scope, as if it did not exist.
/// </summary>
public sealed class CreditStore(PortalDatabase database, ChangeRecorder changes, TimeProvider clock)
{
    /// <summary>Months in the chart's series.</summary>
    public const int SeriesMonths = 12;

    private const string SelectLine = """
        SELECT id, partnership_id, limit_minor, currency, payment_terms_days, count_open_orders, updated_at, updated_by_name FROM credit_lines
        """;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<CreditLine?> GetLineAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<CreditLine>(new CommandDefinition(
            $"{SelectLine} WHERE partnership_id = @partnershipId AND {database.Dialect.IsIn("partnership_id", "@Allowed")}",
            new { partnershipId, Allowed = scope.PartnershipIds }, cancellationToken: cancellationToken));
    }

    /// <summary>Creates or changes the line. Null outside the scope; <see cref="ScopeException"/> unless supplier Finance or an admin.</summary>
    public Task<CreditLine?> SetLineAsync(CallerScope scope, long partnershipId, CreditLineInput input, CancellationToken cancellationToken = default)
    {
        scope.Require(Permission.SetCreditLine);
        input = input with { Currency = (input.Currency ?? "").Trim().ToUpperInvariant() };
        var errors = CreditRules.Validate(input);
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
        return database.InTransactionAsync(async (connection, transaction) =>
        {
            if (!scope.CanSee(partnershipId))
            {
                return null;
            }
            var before = await connection.QuerySingleOrDefaultAsync<CreditLine>(new CommandDefinition(
                $"{SelectLine} WHERE partnership_id = @partnershipId{database.Dialect.ForUpdate}", new { partnershipId }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO credit_lines (partnership_id, limit_minor, currency, payment_terms_days, count_open_orders, updated_at, updated_by_name)
                VALUES (@partnershipId, @LimitMinor, @Currency, @PaymentTermsDays, @CountOpenOrders, @Now, @Name)
                ON CONFLICT (partnership_id) DO UPDATE SET limit_minor = excluded.limit_minor, currency = excluded.currency,
                    payment_terms_days = excluded.payment_terms_days, count_open_orders = excluded.count_open_orders,
                    updated_at = excluded.updated_at, updated_by_name = excluded.updated_by_name
                """,
                new { partnershipId, input.LimitMinor, input.Currency, input.PaymentTermsDays, input.CountOpenOrders, Now = clock.GetUtcNow(), Name = scope.ActorName }, transaction, cancellationToken: cancellationToken));
            var after = await connection.QuerySingleAsync<CreditLine>(new CommandDefinition($"{SelectLine} WHERE partnership_id = @partnershipId", new { partnershipId }, transaction, cancellationToken: cancellationToken));
            var action = before is null ? CreditLineChange.Set : CreditLineChange.Changed;
            await changes.RecordAsync(connection, transaction, scope, ChangeKinds.CreditLine.Of(partnershipId, after.Id, action, before, after), cancellationToken);
            return after;
        }, cancellationToken);
    }

    /// <summary>Open invoices listed on the credit page and offered for a deferral.</summary>
    public const int OpenInvoicesPageSize = 25;

    /// <summary>The line, today's position, the chart's series and the arrangements; null outside the scope or when the partnership has no line.</summary>
    public async Task<CreditOverview?> GetOverviewAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken = default)
    {
        var line = await GetLineAsync(scope, partnershipId, cancellationToken);
        if (line is null)
        {
            return null;
        }
        var today = Today;
        await using var connection = await database.OpenAsync(cancellationToken);
        var arrangements = await CreditLedger.ArrangementsAsync(connection, null, partnershipId, null, cancellationToken: cancellationToken);
        var data = await CreditLedger.ReadAsync(connection, null, database.Dialect, partnershipId, line, CreditRules.DeferredOn(arrangements, today), today,
            CreditLedger.WindowStart(today, SeriesMonths), cancellationToken);
        var exposure = await CreditLedger.ExposureByMonthAsync(connection, partnershipId, line.Currency, line.CountOpenOrders, today, SeriesMonths,
            checked(data.InvoiceExposureMinor + data.OpenOrderExposureMinor), cancellationToken);
        return new CreditOverview(line, CreditRules.Position(line, data, arrangements, today), CreditRules.Series(line, exposure, arrangements), arrangements);
    }

    /// <summary>
    /// One page of the invoices open today in the line's currency, by due date, with the due date in force;
    /// <paramref name="number"/> narrows them to the numbers that contain it. Null outside the scope or without a line.
    /// </summary>
    public async Task<Page<OpenInvoice>?> GetOpenInvoicesAsync(CallerScope scope, long partnershipId, string? number, int pageNumber,
        int pageSize = OpenInvoicesPageSize, CancellationToken cancellationToken = default)
    {
        var line = await GetLineAsync(scope, partnershipId, cancellationToken);
        if (line is null)
        {
            return null;
        }
        pageNumber = Math.Max(1, pageNumber);
        var today = Today;
        await using var connection = await database.OpenAsync(cancellationToken);
        var arrangements = await CreditLedger.ArrangementsAsync(connection, null, partnershipId, null, cancellationToken: cancellationToken);
        var (rows, total) = await CreditLedger.OpenInvoicesAsync(connection, partnershipId, line.Currency, today, number, pageSize,
            (long)(pageNumber - 1) * pageSize, cancellationToken);
        return new Page<OpenInvoice>(rows.Select(r => CreditRules.Open(r, arrangements, today)).ToList(), pageNumber, pageSize, total);
    }

    /// <summary>
    /// Today's position with the arrangements in force (for the ERP and the alerts), and the ERP's external ids of the
    /// invoices those arrangements defer. Null outside the scope or without a line.
    /// </summary>
    public async Task<CreditStanding?> GetStandingAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken = default)
    {
        var line = await GetLineAsync(scope, partnershipId, cancellationToken);
        if (line is null)
        {
            return null;
        }
        var today = Today;
        await using var connection = await database.OpenAsync(cancellationToken);
        var arrangements = await CreditLedger.ArrangementsAsync(connection, null, partnershipId, null, cancellationToken: cancellationToken);
        var deferred = CreditRules.DeferredOn(arrangements, today);
        // Today's figure needs no history: only what is open today, and records in another currency that are.
        var data = await CreditLedger.ReadAsync(connection, null, database.Dialect, partnershipId, line, deferred, today, today, cancellationToken);
        var active = arrangements.Where(a => a.IsActiveOn(today)).ToList();
        var externalIds = await ExternalIdsAsync(connection, partnershipId, active.SelectMany(a => a.InvoiceIds).Distinct().ToList(), cancellationToken);
        return new CreditStanding(line, CreditRules.Position(line, data, arrangements, today), arrangements, active, externalIds);
    }

    /// <summary>The ERP's external ids of the partnership's invoices among <paramref name="invoiceIds"/>; empty outside the scope.</summary>
    public async Task<IReadOnlyDictionary<long, string>> InvoiceExternalIdsAsync(CallerScope scope, long partnershipId, IReadOnlyList<long> invoiceIds,
        CancellationToken cancellationToken = default)
    {
        if (!scope.CanSee(partnershipId))
        {
            return new Dictionary<long, string>();
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ExternalIdsAsync(connection, partnershipId, invoiceIds, cancellationToken);
    }

    private async Task<Dictionary<long, string>> ExternalIdsAsync(DbConnection connection, long partnershipId, IReadOnlyList<long> invoiceIds, CancellationToken cancellationToken) =>
        invoiceIds.Count == 0 ? [] : (await connection.QueryAsync<(long Id, string ExternalId)>(new CommandDefinition(
                $"SELECT id, external_id FROM invoices WHERE {database.Dialect.IsIn("id", "@invoiceIds")} AND {Dialect.OwnedBy("partnership_id", "@partnershipId")}",
                new { partnershipId, invoiceIds }, cancellationToken: cancellationToken)))
            .ToDictionary(r => r.Id, r => r.ExternalId);

    /// <summary>
    /// Where the credit stood at the end of <paramref name="day"/> (a month's end, for the scorecard), by the same reading
    /// as today's position, with the invoices overdue then (earliest due first, at most <paramref name="evidenceLimit"/>).
    /// The limit is the line's current one: the portal keeps no history of limits. Null outside the scope or without a line.
    /// </summary>
    public async Task<(CreditPosition Position, IReadOnlyList<long> OverdueInvoiceIds)?> GetPositionOnAsync(CallerScope scope, long partnershipId, DateOnly day,
        int evidenceLimit, CancellationToken cancellationToken = default)
    {
        var line = await GetLineAsync(scope, partnershipId, cancellationToken);
        if (line is null)
        {
            return null;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        var arrangements = await CreditLedger.ArrangementsAsync(connection, null, partnershipId, null, cancellationToken: cancellationToken);
        var data = await CreditLedger.ReadAsync(connection, null, database.Dialect, partnershipId, line, CreditRules.DeferredOn(arrangements, day), day, day, cancellationToken);
        var (open, _) = await CreditLedger.OpenInvoicesAsync(connection, partnershipId, line.Currency, day, null, evidenceLimit, 0, cancellationToken);
        var overdue = open.Select(r => CreditRules.Open(r, arrangements, day)).Where(o => o.Bucket != AgingBucket.Current).Select(o => o.Id).ToList();
        return (CreditRules.Position(line, data, arrangements, day), overdue);
    }

    /// <summary>
    /// Either side asks for an extension or a deferral. Null outside the scope; <see cref="ScopeException"/> for a role
    /// that may not ask; field errors for a bad request, a partnership without a line or another currency.
    /// </summary>
    public Task<CreditArrangement?> RequestAsync(CallerScope scope, long partnershipId, NewCreditArrangement input, CancellationToken cancellationToken = default)
    {
        scope.Require(Permission.RequestCredit);
        return database.InTransactionAsync(async (connection, transaction) =>
        {
            if (!scope.CanSee(partnershipId))
            {
                return null;
            }
            var line = await connection.QuerySingleOrDefaultAsync<CreditLine>(new CommandDefinition($"{SelectLine} WHERE partnership_id = @partnershipId", new { partnershipId }, transaction, cancellationToken: cancellationToken))
                ?? throw new ValidationException(new Dictionary<string, string> { ["Kind"] = "This partnership has no credit line yet." });
            var openInvoices = input.Kind == CreditArrangementKind.HardshipDeferral && input.InvoiceIds is { Count: > 0 } chosen
                ? await CreditLedger.OpenAmongAsync(connection, transaction, database.Dialect, partnershipId, line.Currency, Today, chosen, cancellationToken)
                : new HashSet<long>();
            var errors = CreditRules.Validate(input, line.Currency, openInvoices);
            if (errors.Count > 0)
            {
                throw new ValidationException(errors);
            }
            var extension = input.Kind == CreditArrangementKind.TemporaryExtension;
            var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO credit_arrangements (partnership_id, kind, extension_minor, deferral_days, deferred_to, currency, reason, starts_on, ends_on, state,
                    requested_by_user_id, requested_by_name, requested_by_customer, requested_at)
                VALUES (@partnershipId, @Kind, @ExtensionMinor, @DeferralDays, @DeferredTo, @Currency, @Reason, @StartsOn, @EndsOn, 'Requested',
                    @ActorId, @ActorName, @Customer, @Now)
                RETURNING id
                """,
                new
                {
                    partnershipId, Kind = input.Kind.ToString(),
                    ExtensionMinor = extension ? input.ExtensionMinor : null,
                    DeferralDays = extension ? null : input.DeferralDays,
                    DeferredTo = extension ? null : input.DeferredTo,
                    line.Currency, Reason = input.Reason.Trim(), input.StartsOn, input.EndsOn,
                    scope.ActorId, scope.ActorName, Customer = !scope.IsSupplier, Now = clock.GetUtcNow(),
                }, transaction, cancellationToken: cancellationToken));
            if (!extension)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO credit_arrangement_invoices (arrangement_id, partnership_id, invoice_id) VALUES (@id, @partnershipId, @InvoiceId)",
                    input.InvoiceIds!.Distinct().Select(invoiceId => new { id, partnershipId, InvoiceId = invoiceId }), transaction, cancellationToken: cancellationToken));
            }
            var created = (await CreditLedger.ArrangementsAsync(connection, transaction, partnershipId, id, cancellationToken: cancellationToken)).Single();
            var finance = (await PartnershipPeople.ListAsync(connection, transaction, partnershipId, cancellationToken))
                .Where(p => p.IsSupplier && p.Role == PortalRole.Finance && p.UserId != scope.ActorId).Select(p => p.UserId);
            var change = ChangeKinds.CreditArrangement.Of(partnershipId, id, CreditArrangementChange.Requested, null, created)
                .Telling(finance, $"Credit request: {Describe(created)}", $"{scope.ActorName} asks from {created.StartsOn:yyyy-MM-dd} to {created.EndsOn:yyyy-MM-dd}: {created.Reason}");
            await changes.RecordAsync(connection, transaction, scope, change, cancellationToken);
            return created;
        }, cancellationToken);
    }

    public Task<CreditArrangement?> ApproveAsync(CallerScope scope, long partnershipId, long arrangementId, string? note, CancellationToken cancellationToken = default) =>
        SettleAsync(scope, partnershipId, arrangementId, CreditArrangementState.Approved, note, cancellationToken);

    public Task<CreditArrangement?> DeclineAsync(CallerScope scope, long partnershipId, long arrangementId, string? note, CancellationToken cancellationToken = default) =>
        SettleAsync(scope, partnershipId, arrangementId, CreditArrangementState.Declined, note, cancellationToken);

    /// <summary>The requester takes back a request nobody has decided yet; Finance and both leads are told.</summary>
    public Task<CreditArrangement?> WithdrawAsync(CallerScope scope, long partnershipId, long arrangementId, CancellationToken cancellationToken = default) =>
        SettleAsync(scope, partnershipId, arrangementId, CreditArrangementState.Withdrawn, null, cancellationToken);

    /// <summary>Ends a request: Finance approves or declines it, or its requester withdraws it.</summary>
    private Task<CreditArrangement?> SettleAsync(CallerScope scope, long partnershipId, long arrangementId, CreditArrangementState decision, string? note, CancellationToken cancellationToken)
    {
        var withdrawal = decision == CreditArrangementState.Withdrawn;
        // Only a person withdraws (and the store checks below that it is the requester); deciding takes the permission.
        if (scope.Kind != ActorKind.User || !withdrawal && !scope.May(Permission.DecideCredit))
        {
            throw new ScopeException(Permissions.Refusal(Permission.DecideCredit));
        }
        return database.InTransactionAsync(async (connection, transaction) =>
        {
            if (!scope.CanSee(partnershipId))
            {
                return null;
            }
            var before = (await CreditLedger.ArrangementsAsync(connection, transaction, partnershipId, arrangementId, database.Dialect.ForUpdate, cancellationToken)).SingleOrDefault();
            if (before is null)
            {
                return null;
            }
            if ((withdrawal ? CreditRules.WhyCannotWithdraw(before, scope.ActorId) : CreditRules.WhyCannotDecide(before, scope.ActorId)) is { } why)
            {
                throw new ValidationException(new Dictionary<string, string> { ["Decision"] = why });
            }
            var trimmed = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
            if (decision == CreditArrangementState.Declined && trimmed is null)
            {
                throw new ValidationException(new Dictionary<string, string> { ["DecisionNote"] = "Say why the request is declined." });
            }
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE credit_arrangements SET state = @State, decided_by_user_id = @ActorId, decided_by_name = @ActorName, decided_at = @Now, decision_note = @trimmed
                WHERE id = @arrangementId AND state = 'Requested'
                """, new { State = decision.ToString(), scope.ActorId, scope.ActorName, Now = clock.GetUtcNow(), trimmed, arrangementId }, transaction, cancellationToken: cancellationToken));
            var after = (await CreditLedger.ArrangementsAsync(connection, transaction, partnershipId, arrangementId, cancellationToken: cancellationToken)).Single();
            var action = decision switch
            {
                CreditArrangementState.Approved => CreditArrangementChange.Approved,
                CreditArrangementState.Declined => CreditArrangementChange.Declined,
                _ => CreditArrangementChange.Withdrawn,
            };
            var leads = await connection.QuerySingleAsync<(long? Supplier, long? Customer)>(new CommandDefinition(
                "SELECT supplier_lead_user_id, customer_lead_user_id FROM partnerships WHERE id = @partnershipId", new { partnershipId }, transaction,
                cancellationToken: cancellationToken));
            // A withdrawal also tells Finance, who would otherwise still find it waiting for them.
            var finance = withdrawal
                ? (await PartnershipPeople.ListAsync(connection, transaction, partnershipId, cancellationToken)).Where(p => p.IsSupplier && p.Role == PortalRole.Finance).Select(p => (long?)p.UserId)
                : [];
            var people = new[] { before.RequestedByUserId, leads.Supplier, leads.Customer }.Concat(finance).OfType<long>().Distinct().Where(id => id != scope.ActorId);
            var verb = action.ToString().ToLowerInvariant();
            var change = ChangeKinds.CreditArrangement.Of(partnershipId, arrangementId, action, before, after).Saying(trimmed)
                .Telling(people, $"Credit request {verb}: {Describe(after)}",
                    trimmed is null ? $"{scope.ActorName} {(withdrawal ? "withdrew" : verb)} the request." : $"{scope.ActorName}: {trimmed}");
            await changes.RecordAsync(connection, transaction, scope, change, cancellationToken);
            return after;
        }, cancellationToken);
    }

    public static string Describe(CreditArrangement arrangement) => arrangement.Kind == CreditArrangementKind.TemporaryExtension
        ? $"extension of {Money.Format(arrangement.ExtensionMinor ?? 0, arrangement.Currency)}"
        : $"deferral of {arrangement.InvoiceIds.Count} invoice(s) {(arrangement.DeferredTo is { } to ? $"to {to:yyyy-MM-dd}" : $"by {arrangement.DeferralDays} days")}";

}
