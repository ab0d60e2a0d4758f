using Dapper;
using Portal.Data.Database;
using Portal.Data.Tenancy;

namespace Portal.Data.Guarantees;

/// <summary>What one evaluation run of a partnership did.</summary>
public sealed record EvaluationSummary(int PeriodsEvaluated, int CreditsIssued);

/// <summary>
/// Judges every guarantee of a partnership for every closed period not yet decided. Met and Missed are final: a
/// decided period is never measured again, so a credit's basis does not shift under it. NoData is not final: an ERP
/// often syncs a month's receipts after the month has closed, so such a period is measured again on every run until
/// data arrives or <see cref="GuaranteeRules.NoDataRetryDays"/> have passed since it ended. Safe to run twice, concurrently or after a crash: the result upsert only replaces NoData, and the
/// credit's unique key (guarantee, period) lets exactly one run insert it.
/// </summary>
public sealed class GuaranteeEvaluator(PortalDatabase database, GuaranteeMetricsStore metrics, PenaltyCreditStore credits, TimeProvider clock)
{
    public async Task<EvaluationSummary> EvaluatePartnershipAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<Guarantee> guarantees;
        Dictionary<(long, DateOnly), PeriodOutcome> recorded;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            guarantees = await GuaranteeStore.ListAsync(connection, null, database.Dialect, scope, partnershipId, cancellationToken);
            recorded = (await connection.QueryAsync<RecordedPeriod>(new CommandDefinition(
                $"""
                SELECT guarantee_id, period_start, outcome FROM guarantee_results
                WHERE partnership_id = @partnershipId AND {database.Dialect.IsIn("partnership_id", "@Allowed")}
                """, new { partnershipId, Allowed = scope.PartnershipIds }, cancellationToken: cancellationToken)))
                .ToDictionary(r => (r.GuaranteeId, r.PeriodStart), r => r.Outcome);
        }
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var evaluated = 0;
        var issued = 0;
        foreach (var guarantee in guarantees)
        {
            foreach (var period in GuaranteeRules.ClosedPeriods(guarantee.Period, guarantee.EffectiveFrom, guarantee.EffectiveTo, today))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!GuaranteeRules.ShouldMeasure(recorded.TryGetValue((guarantee.Id, period.Start), out var outcome) ? outcome : null, period, today))
                {
                    continue;
                }
                evaluated++;
                if (await EvaluatePeriodAsync(scope, guarantee, period, cancellationToken))
                {
                    issued++;
                }
            }
        }
        return new EvaluationSummary(evaluated, issued);
    }

    /// <summary>Measures and records one period; true when this call issued its credit.</summary>
    private async Task<bool> EvaluatePeriodAsync(CallerScope scope, Guarantee guarantee, PeriodWindow period, CancellationToken cancellationToken)
    {
        var measured = await metrics.MeasureAsync(scope, guarantee, period.From, period.To, cancellationToken);
        var outcome = GuaranteeRules.Outcome(measured.Value, guarantee.Target, guarantee.Comparison);
        var invoiced = outcome == PeriodOutcome.Missed && guarantee.PenaltyKind == PenaltyKind.PercentOfInvoiced
            ? await metrics.InvoicedAsync(scope, guarantee.PartnershipId, period.From, period.To, guarantee.Currency, cancellationToken)
            : 0;
        var amount = outcome == PeriodOutcome.Missed
            ? GuaranteeRules.Penalty(guarantee.PenaltyKind, guarantee.PenaltyBasisPoints, guarantee.PenaltyFixedMinor, guarantee.CapMinor, invoiced)
            : 0;
        return await database.InTransactionAsync(async (connection, transaction) =>
        {
            // RETURNING answers a row only when this run wrote the result; a run that finds the period already
            // decided by another leaves it, and its credit, alone.
            var written = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
                """
                INSERT INTO guarantee_results (guarantee_id, partnership_id, period_start, period_end, outcome, measured_milli, numerator, denominator, evaluated_at)
                VALUES (@GuaranteeId, @PartnershipId, @PeriodStart, @PeriodEnd, @Outcome, @MeasuredMilli, @Numerator, @Denominator, @Now)
                ON CONFLICT (guarantee_id, period_start) DO UPDATE SET
                    outcome = excluded.outcome, measured_milli = excluded.measured_milli, numerator = excluded.numerator,
                    denominator = excluded.denominator, evaluated_at = excluded.evaluated_at
                WHERE guarantee_results.outcome = 'NoData'
                RETURNING outcome
                """,
                new
                {
                    GuaranteeId = guarantee.Id,
                    guarantee.PartnershipId,
                    PeriodStart = period.Start,
                    PeriodEnd = period.End,
                    Outcome = outcome.ToString(),
                    MeasuredMilli = measured.Value is { } value ? GuaranteeRules.ToMilli(value) : (long?)null,
                    measured.Numerator,
                    measured.Denominator,
                    Now = clock.GetUtcNow(),
                }, transaction, cancellationToken: cancellationToken));
            // A miss whose penalty comes to nothing (no invoices in the period) issues no credit of zero.
            if (written is null || outcome != PeriodOutcome.Missed || amount <= 0)
            {
                return false;
            }
            return await credits.IssueAsync(connection, transaction, scope, guarantee, period, measured, amount, invoiced, cancellationToken) is not null;
        }, cancellationToken);
    }

    private sealed record RecordedPeriod
    {
        public long GuaranteeId { get; init; }
        public DateOnly PeriodStart { get; init; }
        public PeriodOutcome Outcome { get; init; }
    }
}
