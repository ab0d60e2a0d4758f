using System.Data.Common;
using Dapper;
using Portal.Data.Changes;
using Portal.Data.Database;
using Portal.Data.Guarantees;
using Portal.Data.Notifications;
using Portal.Data.Partnerships;
using Portal.Data.Tenancy;

namespace Portal.Data.Loans;

/// <summary>
/// Loans of the supplier's equipment to a partnership's customer: request, the lifecycle moves of <see cref="LoanRules"/>,
/// the conversion credit setting and the overdue check. Every read and write is scoped to the caller's partnerships;
/// a loan outside them is null, as if it did not exist. Each change writes an event, the trail and the change feed in
/// its transaction.
/// </summary>
public sealed class LoanStore(PortalDatabase database, ChangeRecorder changes, NotificationStore notifications, TimeProvider clock)
{
    public const int OpenLimit = 200;
    public const int ClosedPageSize = 25;

    public const string EquipmentTaken = "This equipment is already on another active loan.";

    private const string SelectLoan = """
        SELECT l.id, l.partnership_id, l.equipment_id, e.name AS equipment_name, e.model AS equipment_model, e.serial AS equipment_serial,
               e.value_minor AS equipment_value_minor, l.purpose, l.starts_on, l.ends_on, l.monthly_fee_minor, l.deposit_minor, l.currency, l.terms,
               l.state, l.requested_by_name, l.requested_by_customer, l.requested_at, l.in_use_since, l.condition_at_shipping, l.condition_at_return,
               l.rent_credit_percent, l.conversion_price_minor, l.closed_at, l.number,
               (SELECT p.code FROM partnerships p WHERE p.id = l.partnership_id) AS partnership_code
        FROM equipment_loans l JOIN equipment e ON e.id = l.equipment_id
        """;

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>
    /// Either side asks for a loan. A customer picks an item offered for loan and free now, and cannot set commercial
    /// terms (the account lead sets them, at the latest on approval). Null when the partnership is outside the scope.
    /// </summary>
    public Task<Loan?> RequestAsync(CallerScope scope, long partnershipId, NewLoan input, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            if (!scope.CanSee(partnershipId))
            {
                return null;
            }
            scope.Require(Permission.RequestLoan);
            var actor = LoanRules.ActorOf(scope);
            if (actor == LoanActor.Customer)
            {
                input = input with { MonthlyFeeMinor = 0, DepositMinor = 0, Terms = "" };
            }
            var errors = LoanRules.Validate(input, Today);
            var equipment = await connection.QuerySingleOrDefaultAsync<(long Id, string Currency, bool Retired, bool AvailableForLoan, bool OnLoan)>(new CommandDefinition(
                $"""
                SELECT e.id, e.currency, e.retired, e.available_for_loan,
                       EXISTS (SELECT 1 FROM equipment_loans l WHERE l.equipment_id = e.id AND l.state IN ({EquipmentStore.ActiveStates})) AS on_loan
                FROM equipment e WHERE e.id = @EquipmentId
                """, new { input.EquipmentId }, transaction, cancellationToken: cancellationToken));
            if (!errors.ContainsKey("EquipmentId") && (equipment.Id == 0 || equipment.Retired
                    || (actor == LoanActor.Customer && (!equipment.AvailableForLoan || equipment.OnLoan))))
            {
                errors["EquipmentId"] = "Choose equipment from the list of what can be lent.";
            }
            if (errors.Count > 0)
            {
                throw new ValidationException(errors);
            }
            var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO equipment_loans (partnership_id, equipment_id, purpose, starts_on, ends_on, monthly_fee_minor, deposit_minor, currency, terms, state,
                    requested_by_name, requested_by_customer, requested_at, number)
                VALUES (@partnershipId, @EquipmentId, @Purpose, @StartsOn, @EndsOn, @MonthlyFeeMinor, @DepositMinor, @Currency, @Terms, 'Requested',
                    @ActorName, @Customer, @Now, @Number)
                RETURNING id
                """,
                new
                {
                    partnershipId, input.EquipmentId, Purpose = input.Purpose.Trim(), input.StartsOn, input.EndsOn, input.MonthlyFeeMinor, input.DepositMinor,
                    equipment.Currency, Terms = input.Terms.Trim(), scope.ActorName, Customer = actor == LoanActor.Customer, Now = clock.GetUtcNow(),
                    Number = await RecordNumbers.TakeAsync(connection, transaction, partnershipId, RecordKind.Loan, cancellationToken),
                }, transaction, cancellationToken: cancellationToken));
            var loan = (await GetAsync(connection, transaction, scope, id, cancellationToken))!;
            await RecordAsync(connection, transaction, scope, null, loan, new LoanStep(), ("Equipment loan requested",
                $"{loan.EquipmentName} ({loan.EquipmentModel}) for {loan.StartsOn:yyyy-MM-dd} to {loan.EndsOn:yyyy-MM-dd}: {loan.Purpose}"), cancellationToken);
            return loan;
        }, cancellationToken);

    /// <summary>Null when the loan does not exist or belongs to a partnership outside the scope.</summary>
    public async Task<Loan?> GetAsync(CallerScope scope, long loanId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await GetAsync(connection, null, scope, loanId, cancellationToken);
    }

    /// <summary>
    /// The partnership's open loans for the board, by start date. Open loans are bounded by the equipment out on loan and
    /// the requests waiting for it, so the board is not paged; the limit keeps a runaway one from rendering thousands.
    /// </summary>
    public async Task<IReadOnlyList<Loan>> ListOpenAsync(CallerScope scope, long partnershipId, string? search = null, CancellationToken cancellationToken = default)
    {
        var (matches, parameters) = Matching(scope, partnershipId, search);
        parameters.Add("Limit", OpenLimit);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Loan>(new CommandDefinition(
            $"""
            {SelectLoan}
            WHERE {matches} AND l.closed_at IS NULL
            ORDER BY l.starts_on, l.id
            LIMIT @Limit
            """, parameters, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// <summary>Closed loans, a page at a time (they pile up over the years), by default most recently closed first.</summary>
    public Task<Page<Loan>> GetClosedPageAsync(CallerScope scope, long partnershipId, LoanListFilter filter, int pageNumber, int pageSize = ClosedPageSize,
        CancellationToken cancellationToken = default)
    {
        var (matches, parameters) = Matching(scope, partnershipId, filter.Search);
        var orderBy = filter.Sort switch
        {
            LoanSort.Number => ListOrder.By("l.number", filter.Descending, "l.id", nullable: true),
            LoanSort.Equipment => ListOrder.By("lower(e.name)", filter.Descending, "l.id"),
            LoanSort.Starts => ListOrder.By("l.starts_on", filter.Descending, "l.id"),
            _ => ListOrder.By("l.closed_at", filter.Descending, "l.id"),
        };
        return PageAsync($"{matches} AND l.closed_at IS NOT NULL", orderBy, parameters, pageNumber, pageSize, cancellationToken);
    }

    private (string Sql, DynamicParameters Parameters) Matching(CallerScope scope, long partnershipId, string? text)
    {
        var sql = $"l.partnership_id = @partnershipId AND {database.Dialect.IsIn("l.partnership_id", "@Allowed")}";
        var search = TextSearch.Of(text);
        if (search is not null)
        {
            sql += " AND " + search.Condition("l.number", "e.name", "e.serial", "l.purpose");
        }
        return (sql, new DynamicParameters(new { partnershipId, Allowed = scope.PartnershipIds, search?.Like, search?.Number }));
    }

    public const int EquipmentLoansPageSize = 20;

    /// <summary>One page of the loans of one register item that the caller may see (a supplier's view of where the item has been), latest request first.</summary>
    public Task<Page<Loan>> GetPageForEquipmentAsync(CallerScope scope, long equipmentId, int pageNumber, CancellationToken cancellationToken = default) =>
        PageAsync($"l.equipment_id = @equipmentId AND {database.Dialect.IsIn("l.partnership_id", "@Allowed")}",
            "l.requested_at DESC, l.id DESC", new { equipmentId, Allowed = scope.PartnershipIds }, pageNumber, EquipmentLoansPageSize, cancellationToken);

    /// <summary>The loans that meet <paramref name="conditions"/>, counted, and one page of them in <paramref name="orderBy"/> order.</summary>
    private async Task<Page<Loan>> PageAsync(string conditions, string orderBy, object filter, int pageNumber, int pageSize, CancellationToken cancellationToken)
    {
        pageNumber = Math.Max(1, pageNumber);
        var parameters = new DynamicParameters(filter);
        parameters.Add("Limit", pageSize);
        parameters.Add("Offset", (long)(pageNumber - 1) * pageSize);
        await using var connection = await database.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM equipment_loans l JOIN equipment e ON e.id = l.equipment_id WHERE {conditions}", parameters, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<Loan>(new CommandDefinition(
            $"{SelectLoan} WHERE {conditions} ORDER BY {orderBy} LIMIT @Limit OFFSET @Offset", parameters, cancellationToken: cancellationToken));
        return new Page<Loan>(rows.ToList(), pageNumber, pageSize, total);
    }

    /// <summary>The loan's timeline, oldest first; empty for a loan outside the scope.</summary>
    public async Task<IReadOnlyList<LoanEvent>> ListEventsAsync(CallerScope scope, long loanId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<LoanEvent>(new CommandDefinition(
            $"""
            SELECT v.id, v.occurred_at, v.actor_name, v.actor_customer, v.from_state, v.to_state, v.condition, v.note
            FROM equipment_loan_events v
            WHERE v.loan_id = @loanId AND {database.Dialect.IsIn("v.partnership_id", "@Allowed")}
            ORDER BY v.occurred_at, v.id
            """, new { loanId, Allowed = scope.PartnershipIds }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// <summary>
    /// Moves a loan to <paramref name="to"/>. A move that does not exist is a field error; one that exists but is not the
    /// caller's to make is a <see cref="ScopeException"/>; approving an item that is on another active loan is refused by
    /// the database's one-active-loan index and reported as a field error. Null when the loan is not visible.
    /// </summary>
    public Task<Loan?> TransitionAsync(CallerScope scope, long partnershipId, long loanId, LoanState to, LoanStep step, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var before = await GetAsync(connection, transaction, scope, loanId, cancellationToken, database.Dialect.ForUpdate);
            if (before is null || before.PartnershipId != partnershipId)
            {
                return null;
            }
            var state = LoanRules.Label(to).ToLowerInvariant();
            return await MoveAsync(connection, transaction, scope, before, to, step, cancellationToken,
                ($"Loan {state}", $"{before.EquipmentName} ({before.EquipmentSerial}) is now {state}."));
        }, cancellationToken);

    /// <summary>The share of rent paid that this partnership credits towards a purchase; null outside the scope.</summary>
    public async Task<int?> GetRentCreditPercentAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken = default)
    {
        if (!scope.CanSee(partnershipId))
        {
            return null;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        return await RentCreditPercentAsync(connection, null, partnershipId, cancellationToken);
    }

    /// <summary>The supplier's account lead agrees another credit share with the customer. False outside the scope.</summary>
    public Task<bool> SetRentCreditPercentAsync(CallerScope scope, long partnershipId, int percent, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            if (!scope.CanSee(partnershipId))
            {
                return false;
            }
            scope.Require(Permission.ManageLoans);
            if (percent is < 0 or > 100)
            {
                throw new ValidationException(new Dictionary<string, string> { ["RentCreditPercent"] = "Choose a share between 0 % and 100 %." });
            }
            var before = await RentCreditPercentAsync(connection, transaction, partnershipId, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO loan_rent_credit (partnership_id, percent) VALUES (@partnershipId, @percent) ON CONFLICT (partnership_id) DO UPDATE SET percent = excluded.percent",
                new { partnershipId, percent }, transaction, cancellationToken: cancellationToken));
            await changes.RecordAsync(connection, transaction, scope,
                ChangeKinds.LoanRentCredit.Of(partnershipId, partnershipId, LoanRentCreditChange.Set, new LoanRentCreditState(before), new LoanRentCreditState(percent)), cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>The partnerships with a loan held past its end date that may need the overdue check (the job's fan-out list).</summary>
    public async Task<IReadOnlyList<long>> PartnershipsWithOverdueLoansAsync(DateOnly today, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var ids = await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT DISTINCT partnership_id FROM equipment_loans WHERE state IN ('InUse', 'ReturnDue') AND ends_on < @today ORDER BY partnership_id",
            new { today }, cancellationToken: cancellationToken));
        return ids.ToList();
    }

    /// <summary>
    /// Loans held past their end at the end of <paramref name="day"/>: in use by then, ending before it, and not closed
    /// (returned, converted, written off) by then. The value is their count; no data when no loan was in use at all.
    /// Evidence: the overdue loans.
    /// </summary>
    public async Task<Measurement> OverdueAtAsync(CallerScope scope, long partnershipId, DateOnly day, CancellationToken cancellationToken = default) =>
        (await OverdueAtAsync(scope, [partnershipId], day, cancellationToken))[partnershipId];

    public async Task<IReadOnlyDictionary<long, Measurement>> OverdueAtAsync(CallerScope scope, IReadOnlyCollection<long> partnershipIds, DateOnly day,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var held = (await connection.QueryAsync<(long PartnershipId, long Id, DateOnly EndsOn)>(new CommandDefinition(
            $"""
            SELECT l.partnership_id, l.id, l.ends_on FROM equipment_loans l
            WHERE {database.Dialect.InList("l.partnership_id", "@ids")} AND {database.Dialect.InList("l.partnership_id", "@Allowed")}
              AND l.in_use_since IS NOT NULL AND l.in_use_since < @End AND (l.closed_at IS NULL OR l.closed_at >= @End)
            ORDER BY l.partnership_id, l.id
            """, new { ids = database.Dialect.ListOf(partnershipIds), Allowed = database.Dialect.ListOf(scope.PartnershipIds), End = new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) },
            cancellationToken: cancellationToken))).ToLookup(l => l.PartnershipId, l => (l.Id, l.EndsOn));
        return partnershipIds.ToDictionary(p => p, p =>
        {
            var loans = held[p].ToList();
            var overdue = loans.Where(l => l.EndsOn < day).Select(l => l.Id).ToList();
            return new Measurement(loans.Count == 0 ? null : overdue.Count, overdue.Count, loans.Count, "equipment_loans", overdue);
        });
    }

    /// <summary>
    /// The overdue check for one partnership: loans in use past their end date become Return due, and both account leads
    /// hear once per loan that its return is overdue. The alert's key makes a second run (or a second node) notify nobody
    /// again. Returns how many loans were alerted now.
    /// </summary>
    public Task<int> CheckOverdueAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            if (!scope.CanSee(partnershipId))
            {
                return 0;
            }
            var today = Today;
            var overdue = (await connection.QueryAsync<long>(new CommandDefinition(
                $"""
                SELECT l.id FROM equipment_loans l
                WHERE l.partnership_id = @partnershipId AND {database.Dialect.IsIn("l.partnership_id", "@Allowed")}
                  AND l.state IN ('InUse', 'ReturnDue') AND l.ends_on < @today
                ORDER BY l.id
                """, new { partnershipId, Allowed = scope.PartnershipIds, today }, transaction, cancellationToken: cancellationToken))).ToList();
            var alerted = 0;
            foreach (var loanId in overdue)
            {
                var loan = (await GetAsync(connection, transaction, scope, loanId, cancellationToken, database.Dialect.ForUpdate))!;
                if (loan.State == LoanState.InUse)
                {
                    loan = await MoveAsync(connection, transaction, scope, loan, LoanState.ReturnDue, new LoanStep(Note: $"The loan ended on {loan.EndsOn:yyyy-MM-dd}."), cancellationToken);
                }
                var first = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
                    """
                    INSERT INTO equipment_loan_overdue_alerts (loan_id, partnership_id, notified_at) VALUES (@loanId, @partnershipId, @Now)
                    ON CONFLICT (loan_id) DO NOTHING RETURNING loan_id
                    """, new { loanId, partnershipId, Now = clock.GetUtcNow() }, transaction, cancellationToken: cancellationToken));
                if (first is null)
                {
                    continue;
                }
                alerted++;
                var leads = await LeadsAsync(connection, transaction, partnershipId, cancellationToken);
                await notifications.NotifyAsync(connection, transaction, partnershipId, new[] { leads.Supplier, leads.Customer }.OfType<long>(),
                    "Equipment return overdue", $"{loan.EquipmentName} ({loan.EquipmentSerial}) was due back on {loan.EndsOn:yyyy-MM-dd}.",
                    new NotificationTarget(ChangeKinds.EquipmentLoan.Entity, loan.Id), cancellationToken);
            }
            return alerted;
        }, cancellationToken);

    internal Task<Loan?> GetAsync(DbConnection connection, DbTransaction? transaction, CallerScope scope, long loanId, CancellationToken cancellationToken, string forUpdate = "") =>
        connection.QuerySingleOrDefaultAsync<Loan>(new CommandDefinition(
            $"{SelectLoan} WHERE l.id = @loanId AND {database.Dialect.IsIn("l.partnership_id", "@Allowed")}{forUpdate}",
            new { loanId, Allowed = scope.PartnershipIds }, transaction, cancellationToken: cancellationToken));

    /// <summary>Moves the loan and records the move; <paramref name="tell"/>, when given, is what the other side's lead reads.</summary>
    private async Task<Loan> MoveAsync(DbConnection connection, DbTransaction transaction, CallerScope scope, Loan before, LoanState to, LoanStep step,
        CancellationToken cancellationToken, (string Title, string Body)? tell = null)
    {
        var decision = LoanRules.Decide(before.State, to, LoanRules.ActorOf(scope));
        if (!decision.Allowed)
        {
            throw decision.Forbidden ? new ScopeException(decision.Error!) : new ValidationException(new Dictionary<string, string> { ["To"] = decision.Error! });
        }
        if (LoanRules.NeedsCondition(to) && step.Condition is null)
        {
            throw new ValidationException(new Dictionary<string, string> { ["Condition"] = "Record the equipment's condition." });
        }
        if (to == LoanState.Approved && await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT retired FROM equipment WHERE id = @EquipmentId", new { before.EquipmentId }, transaction, cancellationToken: cancellationToken)))
        {
            throw new ValidationException(new Dictionary<string, string> { ["EquipmentId"] = "This equipment has been retired from the register." });
        }
        var today = Today;
        var now = clock.GetUtcNow();
        var terms = to == LoanState.Approved ? step.Terms : null;
        if (terms is not null)
        {
            var errors = new Dictionary<string, string>();
            LoanRules.AddTermErrors(errors, terms.MonthlyFeeMinor, terms.DepositMinor);
            if (errors.Count > 0)
            {
                throw new ValidationException(errors);
            }
        }
        var offer = to == LoanState.ConvertedToPurchase
            ? LoanRules.Offer(before.EquipmentValueMinor, before.MonthlyFeeMinor, before.InUseSince, today, await RentCreditPercentAsync(connection, transaction, before.PartnershipId, cancellationToken), before.Currency)
            : null;
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE equipment_loans SET state = @To,
                    monthly_fee_minor = COALESCE(@FeeMinor, monthly_fee_minor), deposit_minor = COALESCE(@DepositMinor, deposit_minor), terms = COALESCE(@Terms, terms),
                    in_use_since = CASE WHEN @To = 'InUse' THEN @today ELSE in_use_since END,
                    condition_at_shipping = CASE WHEN @To = 'Shipped' THEN @Condition ELSE condition_at_shipping END,
                    condition_at_return = CASE WHEN @To = 'Returned' THEN @Condition ELSE condition_at_return END,
                    rent_credit_percent = COALESCE(@CreditPercent, rent_credit_percent),
                    conversion_price_minor = COALESCE(@PriceMinor, conversion_price_minor),
                    closed_at = CASE WHEN @Closes THEN @now ELSE closed_at END
                WHERE id = @Id
                """,
                new
                {
                    To = to.ToString(), FeeMinor = terms?.MonthlyFeeMinor, DepositMinor = terms?.DepositMinor, Terms = terms?.Terms.Trim(), today,
                    Condition = step.Condition?.ToString(), CreditPercent = offer?.CreditPercent, PriceMinor = offer?.PriceMinor,
                    Closes = LoanRules.Closed.Contains(to), now, before.Id,
                }, transaction, cancellationToken: cancellationToken));
        }
        catch (DbException e) when (Constraints.IsUniqueViolation(e))
        {
            throw new ValidationException(new Dictionary<string, string> { ["EquipmentId"] = EquipmentTaken });
        }
        // The register follows the item: its condition as it came back, and out of lending once sold or lost.
        if (to == LoanState.Returned)
        {
            await connection.ExecuteAsync(new CommandDefinition("UPDATE equipment SET condition = @Condition WHERE id = @EquipmentId",
                new { Condition = step.Condition!.Value.ToString(), before.EquipmentId }, transaction, cancellationToken: cancellationToken));
        }
        else if (to is LoanState.ConvertedToPurchase or LoanState.WrittenOff)
        {
            await connection.ExecuteAsync(new CommandDefinition("UPDATE equipment SET retired = TRUE, available_for_loan = FALSE WHERE id = @EquipmentId", new { before.EquipmentId }, transaction, cancellationToken: cancellationToken));
        }
        var after = (await GetAsync(connection, transaction, scope, before.Id, cancellationToken))!;
        await RecordAsync(connection, transaction, scope, before, after, step, tell, cancellationToken);
        return after;
    }

    /// <summary>The event for the timeline, the trail, the feed entry and the other side's notification, all in the caller's transaction.</summary>
    private async Task RecordAsync(DbConnection connection, DbTransaction transaction, CallerScope scope, Loan? before, Loan after, LoanStep step,
        (string Title, string Body)? tell, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO equipment_loan_events (loan_id, partnership_id, occurred_at, actor_name, actor_customer, from_state, to_state, condition, note)
            VALUES (@Id, @PartnershipId, @Now, @ActorName, @ActorCustomer, @From, @To, @Condition, @Note)
            """,
            new
            {
                after.Id, after.PartnershipId, Now = clock.GetUtcNow(), scope.ActorName, ActorCustomer = LoanRules.ActorOf(scope) == LoanActor.Customer,
                From = before?.State.ToString(), To = after.State.ToString(), Condition = step.Condition?.ToString(), Note = step.Note.Trim(),
            }, transaction, cancellationToken: cancellationToken));
        var change = ChangeKinds.EquipmentLoan.Of(after.PartnershipId, after.Id, after.State, before, after).Saying(step.Note);
        if (tell is { } notice)
        {
            var leads = await LeadsAsync(connection, transaction, after.PartnershipId, cancellationToken);
            var otherSide = LoanRules.ActorOf(scope) == LoanActor.Customer ? leads.Supplier : leads.Customer;
            change = change.Telling(new[] { otherSide }.OfType<long>(), notice.Title, $"{after.Reference} · {notice.Body}");
        }
        await changes.RecordAsync(connection, transaction, scope, change, cancellationToken);
    }

    private static Task<(long? Supplier, long? Customer)> LeadsAsync(DbConnection connection, DbTransaction transaction, long partnershipId, CancellationToken cancellationToken) =>
        connection.QuerySingleAsync<(long? Supplier, long? Customer)>(new CommandDefinition(
            "SELECT supplier_lead_user_id, customer_lead_user_id FROM partnerships WHERE id = @partnershipId", new { partnershipId }, transaction, cancellationToken: cancellationToken));

    private static async Task<int> RentCreditPercentAsync(DbConnection connection, DbTransaction? transaction, long partnershipId, CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition("SELECT percent FROM loan_rent_credit WHERE partnership_id = @partnershipId", new { partnershipId }, transaction, cancellationToken: cancellationToken))
        ?? LoanRules.DefaultRentCreditPercent;
}
