using System.Data.Common;
using System.Text.Json;
using Dapper;
using Portal.Data.Changes;
using Portal.Data.Database;
using Portal.Data.Tenancy;

namespace Portal.Data.Guarantees;

/// <summary>
/// Penalty credits: issued by the evaluation exactly once per guarantee and period (the unique key decides, not a
/// check), voided only by the supplier's Finance with a reason. Each change is audited, reaches the customer's ERP
/// through the change feed and tells both account leads and Finance, all in the transaction of the change.
/// </summary>
public sealed class PenaltyCreditStore(PortalDatabase database, ChangeRecorder changes, TimeProvider clock)
{
    public async Task<PenaltyCredit?> GetAsync(CallerScope scope, long partnershipId, long creditId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await GetAsync(connection, null, scope, partnershipId, creditId, forUpdate: false, cancellationToken);
    }

    /// <summary>
    /// Inserts the credit unless the period already has one; answers the new credit, or null when another run (a retry,
    /// a second node) got there first. Only an inserted credit is audited, notified and fed.
    /// </summary>
    internal async Task<PenaltyCredit?> IssueAsync(DbConnection connection, DbTransaction transaction, CallerScope scope, Guarantee guarantee,
        PeriodWindow period, Measurement measured, long amountMinor, long invoicedMinor, CancellationToken cancellationToken)
    {
        var id = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            """
            INSERT INTO penalty_credits (partnership_id, guarantee_id, period_start, period_end, amount_minor, currency, reason, measured_milli,
                                         target_milli, invoiced_minor, source_table, source_ids_json, state, issued_at)
            VALUES (@PartnershipId, @GuaranteeId, @PeriodStart, @PeriodEnd, @AmountMinor, @Currency, @Reason, @MeasuredMilli,
                    @TargetMilli, @InvoicedMinor, @SourceTable, @SourceIdsJson, 'Issued', @Now)
            ON CONFLICT (guarantee_id, period_start) DO NOTHING
            RETURNING id
            """,
            new
            {
                guarantee.PartnershipId,
                GuaranteeId = guarantee.Id,
                PeriodStart = period.Start,
                PeriodEnd = period.End,
                AmountMinor = amountMinor,
                guarantee.Currency,
                Reason = GuaranteeRules.Reason(guarantee.Metric, measured.Value!.Value, guarantee.Target, guarantee.Comparison, period),
                MeasuredMilli = GuaranteeRules.ToMilli(measured.Value.Value),
                guarantee.TargetMilli,
                InvoicedMinor = invoicedMinor,
                measured.SourceTable,
                SourceIdsJson = JsonSerializer.Serialize(measured.SourceIds),
                Now = clock.GetUtcNow(),
            }, transaction, cancellationToken: cancellationToken));
        if (id is null)
        {
            return null;
        }
        var credit = (await GetAsync(connection, transaction, scope, guarantee.PartnershipId, id.Value, forUpdate: false, cancellationToken))!;
        var change = ChangeKinds.PenaltyCredit.Of(credit.PartnershipId, credit.Id, PenaltyCreditChange.Issued, null, credit);
        await RecordAsync(connection, transaction, scope, change, $"Penalty credit issued: {Money.Format(credit.AmountMinor, credit.Currency)}", credit.Reason, cancellationToken);
        return credit;
    }

    /// <summary>
    /// Credits still standing (not voided) for periods that ended in the window, in <paramref name="currency"/>: their sum
    /// in minor units as the numerator and the value in major units. No data when no guarantee period ended judged in the
    /// window (<paramref name="judgedPeriods"/> is zero): without a guarantee in force, no credits is not a result.
    /// </summary>
    public async Task<Measurement> IssuedForPeriodsAsync(CallerScope scope, long partnershipId, DateOnly from, DateOnly to, string currency, long judgedPeriods,
        CancellationToken cancellationToken = default) =>
        (await IssuedForPeriodsAsync(scope, new Dictionary<long, (string, long)> { [partnershipId] = (currency, judgedPeriods) }, from, to, cancellationToken))[partnershipId];

    /// <summary>The same for several partnerships at once, each with its currency and its count of judged periods.</summary>
    public async Task<IReadOnlyDictionary<long, Measurement>> IssuedForPeriodsAsync(CallerScope scope,
        IReadOnlyDictionary<long, (string Currency, long JudgedPeriods)> partnerships, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var credits = (await connection.QueryAsync<(long PartnershipId, long Id, long AmountMinor, string Currency)>(new CommandDefinition(
            $"""
            SELECT c.partnership_id, c.id, c.amount_minor, UPPER(c.currency) FROM penalty_credits c
            WHERE {database.Dialect.InList("c.partnership_id", "@ids")} AND {database.Dialect.InList("c.partnership_id", "@Allowed")}
              AND c.period_end >= @from AND c.period_end <= @to AND c.state = 'Issued'
            ORDER BY c.partnership_id, c.id
            """, new { ids = database.Dialect.ListOf(partnerships.Keys), Allowed = database.Dialect.ListOf(scope.PartnershipIds), from, to }, cancellationToken: cancellationToken)))
            .ToLookup(c => (c.PartnershipId, c.Currency), c => (c.Id, c.AmountMinor));
        return partnerships.ToDictionary(p => p.Key, p =>
        {
            var inCurrency = credits[(p.Key, p.Value.Currency.ToUpperInvariant())].ToList();
            var total = inCurrency.Sum(c => c.AmountMinor);
            return new Measurement(p.Value.JudgedPeriods == 0 ? null : total / 100m, total, inCurrency.Count, "penalty_credits", inCurrency.Select(c => c.Id).ToList());
        });
    }

    /// <summary>Finance takes a credit back, saying why; null when the credit is not the caller's to see.</summary>
    public Task<PenaltyCredit?> VoidAsync(CallerScope scope, long partnershipId, long creditId, string reason, CancellationToken cancellationToken = default)
    {
        scope.Require(Permission.VoidPenaltyCredits);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ValidationException(new Dictionary<string, string> { ["Reason"] = "Say why the credit is voided." });
        }
        return database.InTransactionAsync(async (connection, transaction) =>
        {
            var before = await GetAsync(connection, transaction, scope, partnershipId, creditId, forUpdate: true, cancellationToken);
            if (before is null)
            {
                return null;
            }
            if (before.State == PenaltyCreditState.Voided)
            {
                throw new ValidationException(new Dictionary<string, string> { ["Reason"] = "The credit is already voided." });
            }
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE penalty_credits SET state = 'Voided', void_reason = @Reason, voided_by = @ActorId, voided_by_name = @ActorName, voided_at = @Now
                WHERE id = @creditId
                """, new { Reason = reason.Trim(), scope.ActorId, scope.ActorName, Now = clock.GetUtcNow(), creditId }, transaction, cancellationToken: cancellationToken));
            var after = (await GetAsync(connection, transaction, scope, partnershipId, creditId, forUpdate: false, cancellationToken))!;
            var change = ChangeKinds.PenaltyCredit.Of(partnershipId, creditId, PenaltyCreditChange.Voided, before, after).Saying(after.VoidReason);
            await RecordAsync(connection, transaction, scope, change, $"Penalty credit voided: {Money.Format(after.AmountMinor, after.Currency)}", after.VoidReason!, cancellationToken);
            return after;
        }, cancellationToken);
    }

    // Told: both account leads and the supplier's Finance; the notification keeps only those who can see the partnership.
    private async Task RecordAsync(DbConnection connection, DbTransaction transaction, CallerScope scope, Change<PenaltyCreditChange, PenaltyCredit> change,
        string title, string body, CancellationToken cancellationToken)
    {
        var people = await connection.QueryAsync<long>(new CommandDefinition(
            """
            SELECT supplier_lead_user_id FROM partnerships WHERE id = @PartnershipId AND supplier_lead_user_id IS NOT NULL
            UNION SELECT customer_lead_user_id FROM partnerships WHERE id = @PartnershipId AND customer_lead_user_id IS NOT NULL
            UNION SELECT u.id FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE o.kind = 'Supplier' AND u.role = 'Finance'
            """, new { change.PartnershipId }, transaction, cancellationToken: cancellationToken));
        await changes.RecordAsync(connection, transaction, scope, change.Telling(people.Where(id => scope.Kind != ActorKind.User || id != scope.ActorId), title, body), cancellationToken);
    }

    private async Task<PenaltyCredit?> GetAsync(DbConnection connection, DbTransaction? transaction, CallerScope scope, long partnershipId, long creditId, bool forUpdate, CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<PenaltyCredit>(new CommandDefinition(
            $"""
            SELECT {GuaranteeStore.CreditColumns} FROM penalty_credits c JOIN guarantees g ON g.id = c.guarantee_id
            WHERE c.id = @creditId AND c.partnership_id = @partnershipId AND {database.Dialect.IsIn("c.partnership_id", "@Allowed")}
            {(forUpdate ? database.Dialect.ForUpdate : "")}
            """, new { creditId, partnershipId, Allowed = scope.PartnershipIds }, transaction, cancellationToken: cancellationToken));
}
