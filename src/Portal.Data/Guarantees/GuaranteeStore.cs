using System.Data.Common;
using Dapper;
using Portal.Data.Changes;
using Portal.Data.Database;
using Portal.Data.Tenancy;

namespace Portal.Data.Guarantees;

/// <summary>
/// A partnership's guarantees and how they did. Both sides read them; the supplier's admins and account leads
/// agree them. A guarantee outside the caller's scope is answered with null, as if it did not exist.
/// </summary>
public sealed class GuaranteeStore(PortalDatabase database, ChangeRecorder changes, TimeProvider clock)
{
    internal const string Columns = """
        g.id, g.partnership_id, g.metric, g.target_milli, g.comparison, g.period, g.penalty_kind, g.penalty_basis_points,
        g.penalty_fixed_minor, g.cap_minor, g.currency, g.effective_from, g.effective_to, g.early_counts_as_on_time, g.created_at, g.updated_at
        """;

    internal const string CreditColumns = """
        c.id, c.partnership_id, c.guarantee_id, g.metric, c.period_start, c.period_end, c.amount_minor, c.currency, c.reason,
        c.measured_milli, c.target_milli, c.invoiced_minor, c.source_table, c.source_ids_json, c.state, c.issued_at,
        c.void_reason, c.voided_by, c.voided_by_name, c.voided_at
        """;

    public Task<Guarantee?> CreateAsync(CallerScope scope, long partnershipId, GuaranteeInput input, CancellationToken cancellationToken = default)
    {
        RequireAccountTeam(scope);
        Validate(input);
        return database.InTransactionAsync(async (connection, transaction) =>
        {
            if (!scope.CanSee(partnershipId))
            {
                return null;
            }
            var now = clock.GetUtcNow();
            var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO guarantees (partnership_id, metric, target_milli, comparison, period, penalty_kind, penalty_basis_points, penalty_fixed_minor,
                                        cap_minor, currency, effective_from, effective_to, early_counts_as_on_time, created_at, updated_at)
                VALUES (@partnershipId, @Metric, @TargetMilli, @Comparison, @Period, @PenaltyKind, @PenaltyBasisPoints, @PenaltyFixedMinor,
                        @CapMinor, @Currency, @EffectiveFrom, @EffectiveTo, @EarlyCountsAsOnTime, @now, @now)
                RETURNING id
                """, Parameters(input, new { partnershipId, now }), transaction, cancellationToken: cancellationToken));
            var created = (await GetAsync(connection, transaction, scope, partnershipId, id, cancellationToken))!;
            await changes.RecordAsync(connection, transaction, scope, ChangeKinds.Guarantee.Of(partnershipId, id, GuaranteeChange.Created, null, created), cancellationToken);
            return created;
        }, cancellationToken);
    }

    /// <summary>Changes the terms from now on; periods already evaluated keep the result they got.</summary>
    public Task<Guarantee?> UpdateAsync(CallerScope scope, long partnershipId, long guaranteeId, GuaranteeInput input, CancellationToken cancellationToken = default)
    {
        RequireAccountTeam(scope);
        Validate(input);
        return database.InTransactionAsync(async (connection, transaction) =>
        {
            var before = await GetAsync(connection, transaction, scope, partnershipId, guaranteeId, cancellationToken, forUpdate: true);
            if (before is null)
            {
                return null;
            }
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE guarantees SET metric = @Metric, target_milli = @TargetMilli, comparison = @Comparison, period = @Period,
                    penalty_kind = @PenaltyKind, penalty_basis_points = @PenaltyBasisPoints, penalty_fixed_minor = @PenaltyFixedMinor,
                    cap_minor = @CapMinor, currency = @Currency, effective_from = @EffectiveFrom, effective_to = @EffectiveTo,
                    early_counts_as_on_time = @EarlyCountsAsOnTime, updated_at = @now
                WHERE id = @guaranteeId
                """, Parameters(input, new { guaranteeId, now = clock.GetUtcNow() }), transaction, cancellationToken: cancellationToken));
            var after = (await GetAsync(connection, transaction, scope, partnershipId, guaranteeId, cancellationToken))!;
            await changes.RecordAsync(connection, transaction, scope, ChangeKinds.Guarantee.Of(partnershipId, guaranteeId, GuaranteeChange.Updated, before, after), cancellationToken);
            return after;
        }, cancellationToken);
    }

    public async Task<Guarantee?> GetAsync(CallerScope scope, long partnershipId, long guaranteeId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await GetAsync(connection, null, scope, partnershipId, guaranteeId, cancellationToken);
    }

    /// <summary>How many of a guarantee's latest periods the guarantees page shows; a guarantee gains one every month or quarter for years.</summary>
    public const int PeriodsShown = 12;

    /// <summary>
    /// Every guarantee of the partnership with its latest <see cref="PeriodsShown"/> period results (newest first), how many
    /// periods it has in all, and the credits of the periods shown. Guarantees are agreed by hand, so there are few.
    /// The CSV download asks for more <paramref name="periods"/>.
    /// </summary>
    public async Task<IReadOnlyList<GuaranteeHistory>> GetHistoryAsync(CallerScope scope, long partnershipId, int periods = PeriodsShown,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var guarantees = await ListAsync(connection, null, database.Dialect, scope, partnershipId, cancellationToken);
        var parameters = new { partnershipId, Allowed = scope.PartnershipIds, PeriodsShown = periods };
        var shown = $"""
            WITH shown AS (
                SELECT r.*, ROW_NUMBER() OVER (PARTITION BY r.guarantee_id ORDER BY r.period_start DESC) AS n
                FROM guarantee_results r
                WHERE r.partnership_id = @partnershipId AND {database.Dialect.IsIn("r.partnership_id", "@Allowed")})
            """;
        var periodCounts = (await connection.QueryAsync<(long GuaranteeId, long Periods)>(new CommandDefinition(
                $"SELECT guarantee_id, COUNT(*) FROM guarantee_results WHERE partnership_id = @partnershipId AND {database.Dialect.IsIn("partnership_id", "@Allowed")} GROUP BY guarantee_id",
                parameters, cancellationToken: cancellationToken)))
            .ToDictionary(r => r.GuaranteeId, r => r.Periods);
        var latest = (await connection.QueryAsync<GuaranteeResult>(new CommandDefinition(
            $"""
            {shown}
            SELECT guarantee_id, partnership_id, period_start, period_end, outcome, measured_milli, numerator, denominator, evaluated_at
            FROM shown WHERE n <= @PeriodsShown
            ORDER BY period_start DESC
            """, parameters, cancellationToken: cancellationToken))).ToLookup(r => r.GuaranteeId);
        var credits = (await connection.QueryAsync<PenaltyCredit>(new CommandDefinition(
            $"""
            {shown}
            SELECT {CreditColumns} FROM penalty_credits c JOIN guarantees g ON g.id = c.guarantee_id
            JOIN shown s ON s.guarantee_id = c.guarantee_id AND s.period_start = c.period_start AND s.n <= @PeriodsShown
            WHERE {CreditsOfPartnership}
            ORDER BY c.period_start DESC, c.id DESC
            """, parameters, cancellationToken: cancellationToken))).ToLookup(c => c.GuaranteeId);
        return guarantees.Select(g => new GuaranteeHistory(g, latest[g.Id].ToList(), credits[g.Id].ToList(), periodCounts.GetValueOrDefault(g.Id))).ToList();
    }

    public const int CreditsPageSize = 20;

    public async Task<IReadOnlyList<PenaltyCredit>> GetCreditsAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await CreditsAsync(connection, "", new { partnershipId, Allowed = scope.PartnershipIds }, cancellationToken);
    }

    /// <summary>One page of the partnership's credits, the latest period first.</summary>
    public async Task<Page<PenaltyCredit>> GetCreditsPageAsync(CallerScope scope, long partnershipId, int pageNumber, int pageSize = CreditsPageSize,
        CancellationToken cancellationToken = default)
    {
        pageNumber = Math.Max(1, pageNumber);
        var parameters = new { partnershipId, Allowed = scope.PartnershipIds, Limit = pageSize, Offset = (long)(pageNumber - 1) * pageSize };
        await using var connection = await database.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM penalty_credits c WHERE {CreditsOfPartnership}", parameters,
            cancellationToken: cancellationToken));
        return new Page<PenaltyCredit>(await CreditsAsync(connection, "LIMIT @Limit OFFSET @Offset", parameters, cancellationToken), pageNumber, pageSize, total);
    }

    private string CreditsOfPartnership => $"c.partnership_id = @partnershipId AND {database.Dialect.IsIn("c.partnership_id", "@Allowed")}";

    private async Task<IReadOnlyList<PenaltyCredit>> CreditsAsync(DbConnection connection, string limit, object parameters, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<PenaltyCredit>(new CommandDefinition(
            $"""
            SELECT {CreditColumns} FROM penalty_credits c JOIN guarantees g ON g.id = c.guarantee_id
            WHERE {CreditsOfPartnership}
            ORDER BY c.period_start DESC, c.id DESC {limit}
            """, parameters, cancellationToken: cancellationToken))).ToList();

    /// <summary>The partnerships that have a guarantee: what the evaluation job fans out over (ids only, for a system caller).</summary>
    public async Task<IReadOnlyList<long>> GetPartnershipsWithGuaranteesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT DISTINCT partnership_id FROM guarantees ORDER BY partnership_id", cancellationToken: cancellationToken))).ToList();
    }

    internal static async Task<IReadOnlyList<Guarantee>> ListAsync(DbConnection connection, DbTransaction? transaction, Dialect dialect, CallerScope scope, long partnershipId, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<Guarantee>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM guarantees g
            WHERE g.partnership_id = @partnershipId AND {dialect.IsIn("g.partnership_id", "@Allowed")}
            ORDER BY g.id
            """, new { partnershipId, Allowed = scope.PartnershipIds }, transaction, cancellationToken: cancellationToken))).ToList();

    private Task<Guarantee?> GetAsync(DbConnection connection, DbTransaction? transaction, CallerScope scope, long partnershipId, long guaranteeId, CancellationToken cancellationToken, bool forUpdate = false) =>
        connection.QuerySingleOrDefaultAsync<Guarantee>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM guarantees g
            WHERE g.id = @guaranteeId AND g.partnership_id = @partnershipId AND {database.Dialect.IsIn("g.partnership_id", "@Allowed")}
            {(forUpdate ? database.Dialect.ForUpdate : "")}
            """, new { guaranteeId, partnershipId, Allowed = scope.PartnershipIds }, transaction, cancellationToken: cancellationToken));

    // Promises to a customer are made by the supplier's account team (or a system job such as the demo seed).
    private static void RequireAccountTeam(CallerScope scope) => scope.Require(Permission.AgreeTerms);

    private static void Validate(GuaranteeInput input)
    {
        var errors = GuaranteeRules.Validate(input);
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
    }

    private static DynamicParameters Parameters(GuaranteeInput input, object keys)
    {
        var parameters = new DynamicParameters(keys);
        parameters.AddDynamicParams(new
        {
            Metric = input.Metric.ToString(),
            TargetMilli = GuaranteeRules.ToMilli(input.Target),
            Comparison = (input.Comparison ?? GuaranteeRules.DefaultComparison(input.Metric)).ToString(),
            Period = input.Period.ToString(),
            PenaltyKind = input.PenaltyKind.ToString(),
            PenaltyBasisPoints = input.PenaltyKind == PenaltyKind.PercentOfInvoiced ? GuaranteeRules.BasisPoints(input.PenaltyPercent) : 0,
            PenaltyFixedMinor = input.PenaltyKind == PenaltyKind.FixedAmount ? input.PenaltyFixedMinor : 0,
            input.CapMinor,
            Currency = input.Currency.Trim().ToUpperInvariant(),
            input.EffectiveFrom,
            input.EffectiveTo,
            input.EarlyCountsAsOnTime,
        });
        return parameters;
    }
}
