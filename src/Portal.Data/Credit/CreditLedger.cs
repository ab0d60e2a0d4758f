using System.Data.Common;
using Dapper;
using Portal.Data.Database;
using Portal.Data.Erp;

namespace Portal.Data.Credit;

/// <summary>What the credit rules need from the ERP records, for one partnership in the credit line's currency.</summary>
public sealed record CreditLedgerData(
    IReadOnlyDictionary<AgingBucket, long> UndeferredAging,
    long OpenInvoiceCount,
    IReadOnlyList<OpenInvoiceRow> DeferrableCandidates,
    long InvoiceExposureMinor,
    long OpenOrderExposureMinor,
    IReadOnlyList<string> Warnings);

/// <summary>An invoice with something owed on the day asked about, before any deferral is applied.</summary>
public sealed record OpenInvoiceRow
{
    public long Id { get; init; }
    public required string Number { get; init; }
    public DateOnly IssuedOn { get; init; }
    public DateOnly DueOn { get; init; }
    public long AmountMinor { get; init; }
    public long OutstandingMinor { get; init; }
}

/// <summary>
/// Reads a partnership's credit figures from the balances the ERP writer keeps (see ErpBalances): open invoices through
/// their settled-on day, past exposure from monthly totals, the running month from its steps. Nothing here reads a
/// record that was settled before the question's window, so the cost follows what is open and what the page shows,
/// not the years of history behind it. The caller has checked the partnership is in scope.
/// </summary>
internal static class CreditLedger
{
    /// <summary>
    /// Invoices in <c>@currency</c> with something owed at the end of <c>@today</c>: not settled by then (still open, or
    /// settled by a payment dated later) and issued by then. What was paid is the kept total unless a payment is dated
    /// after today, which only then is summed again. The two branches each read one range of ix_invoices_open, which
    /// holds every column but the number, so the open set is read from the index alone, however long the history; the
    /// issue date is tested on the computed amount, because as a condition SQLite's planner would rather range over
    /// ix_invoices_issued, that is, over the whole history. <paramref name="range"/> narrows both branches further (a
    /// due-date range to seek, or invoice ids).
    /// </summary>
    private static string OpenInvoices(bool withNumber, string range = "")
    {
        var select = $"""
            SELECT i.id,{(withNumber ? " i.number," : "")} i.issued_on, i.due_on, i.amount_minor,
                   CASE WHEN i.issued_on > @today THEN 0
                        WHEN i.last_paid_on IS NULL OR i.last_paid_on <= @today THEN i.amount_minor - i.paid_minor
                        ELSE i.amount_minor - COALESCE((SELECT SUM(p.amount_minor) FROM payments p
                                                        WHERE p.invoice_id = i.id AND p.currency = i.currency AND p.paid_on <= @today), 0)
                   END AS outstanding_minor
            FROM invoices i
            WHERE i.partnership_id = @partnershipId AND i.currency = @currency
            """;
        return $"SELECT * FROM ({select} AND i.settled_on IS NULL{range} UNION ALL {select} AND i.settled_on > @today{range}) o WHERE o.outstanding_minor > 0";
    }

    public static async Task<CreditLedgerData> ReadAsync(DbConnection connection, DbTransaction? transaction, Dialect dialect, long partnershipId, CreditLine line,
        IReadOnlyCollection<long> deferredInvoiceIds, DateOnly today, DateOnly windowStart, CancellationToken cancellationToken)
    {
        var parameters = new
        {
            partnershipId, currency = line.Currency, today, windowStart, deferred = dialect.ListOf(deferredInvoiceIds),
            // The aging buckets' edges as due dates: due today or later is current, 1-30 days past due is on or after today-30, ...
            d30 = today.AddDays(-30), d60 = today.AddDays(-60), d90 = today.AddDays(-90),
        };
        // Only the invoices due in the last 90 days or later are bucketed one by one (a seek on ix_invoices_open): the
        // oldest bucket is what remains of the invoices' exposure today, a sum of monthly totals. Otherwise every
        // invoice a customer never paid would be read on every request, years after it fell due.
        var recent = await connection.QueryAsync<(long Bucket, long Outstanding)>(new CommandDefinition(
            $"""
            SELECT CASE WHEN x.due_on >= @today THEN 0 WHEN x.due_on >= @d30 THEN 1 WHEN x.due_on >= @d60 THEN 2 ELSE 3 END AS bucket, SUM(x.outstanding_minor)
            FROM ({OpenInvoices(withNumber: false, range: " AND i.due_on >= @d90")}) x
            WHERE NOT ({dialect.InList("x.id", "@deferred")})
            GROUP BY CASE WHEN x.due_on >= @today THEN 0 WHEN x.due_on >= @d30 THEN 1 WHEN x.due_on >= @d60 THEN 2 ELSE 3 END
            """, parameters, transaction, cancellationToken: cancellationToken));
        var candidates = deferredInvoiceIds.Count == 0 ? [] : (await connection.QueryAsync<OpenInvoiceRow>(new CommandDefinition(
            OpenInvoices(withNumber: true, range: $" AND {dialect.InList("i.id", "@deferred")}"), parameters, transaction, cancellationToken: cancellationToken))).ToList();
        var aging = Enum.GetValues<AgingBucket>().ToDictionary(b => b, _ => 0L);
        foreach (var (bucket, outstanding) in recent)
        {
            aging[(AgingBucket)bucket] = outstanding;
        }
        var exposure = await ExposureAtAsync(connection, transaction, ErpBalances.InvoiceSource, partnershipId, line.Currency, today, cancellationToken);
        aging[AgingBucket.Over90] = exposure - candidates.Sum(c => c.OutstandingMinor) - aging.Values.Sum();
        var count = await OpenInvoiceCountAsync(connection, transaction, parameters, cancellationToken);
        var orders = line.CountOpenOrders ? (await ExposureAtAsync(connection, transaction, ErpBalances.OrderLineSource, partnershipId, line.Currency, today, cancellationToken)) : 0;
        return new CreditLedgerData(aging, count, candidates, exposure, orders, await WarningsAsync(connection, transaction, line, parameters, cancellationToken));
    }

    /// <summary>
    /// How many invoices are open at the end of <c>@today</c>. An invoice not settled by then has something owed once it
    /// is issued (a settled-on day is the day its payments first covered it), so counting needs no amounts: one pass
    /// over the open entries of ix_invoices_open, the issue date again tested as a value for the planner's sake.
    /// </summary>
    private static Task<long> OpenInvoiceCountAsync(DbConnection connection, DbTransaction? transaction, object parameters, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            SELECT COALESCE((SELECT SUM(CASE WHEN issued_on <= @today THEN 1 ELSE 0 END) FROM invoices
                             WHERE partnership_id = @partnershipId AND currency = @currency AND settled_on IS NULL), 0)
                 + COALESCE((SELECT SUM(CASE WHEN issued_on <= @today THEN 1 ELSE 0 END) FROM invoices
                             WHERE partnership_id = @partnershipId AND currency = @currency AND settled_on > @today), 0)
            """, parameters, transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// One page of the invoices open today, by due date, optionally those whose number contains <paramref name="number"/>.
    /// The open set is put in order from the index, and only the page's rows are read from the table for their numbers.
    /// </summary>
    public static async Task<(IReadOnlyList<OpenInvoiceRow> Rows, long Total)> OpenInvoicesAsync(DbConnection connection, long partnershipId, string currency, DateOnly today,
        string? number, int limit, long offset, CancellationToken cancellationToken)
    {
        var search = !string.IsNullOrWhiteSpace(number);
        var open = search ? $"SELECT * FROM ({OpenInvoices(withNumber: true)}) s WHERE lower(s.number) LIKE @pattern" : OpenInvoices(withNumber: false);
        var parameters = new { partnershipId, currency, today, pattern = $"%{number?.Trim().ToLowerInvariant()}%", limit, offset };
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM ({open}) x", parameters, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<OpenInvoiceRow>(new CommandDefinition(
            $"""
            WITH x AS MATERIALIZED ({open})
            SELECT i.id, i.number, page.issued_on, page.due_on, page.amount_minor, page.outstanding_minor
            FROM (SELECT * FROM x ORDER BY x.due_on, x.id LIMIT @limit OFFSET @offset) page JOIN invoices i ON i.id = page.id
            ORDER BY page.due_on, page.id
            """, parameters, cancellationToken: cancellationToken));
        return (rows.ToList(), total);
    }

    /// <summary>Those of <paramref name="invoiceIds"/> that are open today in the line's currency: the invoices a deferral may name.</summary>
    public static async Task<IReadOnlySet<long>> OpenAmongAsync(DbConnection connection, DbTransaction transaction, Dialect dialect, long partnershipId, string currency,
        DateOnly today, IEnumerable<long> invoiceIds, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<long>(new CommandDefinition(
            $"SELECT x.id FROM ({OpenInvoices(withNumber: false, range: $" AND {dialect.InList("i.id", "@ids")}")}) x",
            new { partnershipId, currency, today, ids = dialect.ListOf(invoiceIds.Distinct()) }, transaction, cancellationToken: cancellationToken))).ToHashSet();

    /// <summary>
    /// Exposure from invoices and, when <paramref name="withOrders"/>, open orders at the end of each of the last
    /// <paramref name="months"/> months, from the monthly totals; the running month ends today at
    /// <paramref name="exposureToday"/>, which <see cref="ReadAsync"/> has already read.
    /// </summary>
    public static async Task<IReadOnlyList<(DateOnly On, long ExposureMinor)>> ExposureByMonthAsync(DbConnection connection, long partnershipId, string currency,
        bool withOrders, DateOnly today, int months, long exposureToday, CancellationToken cancellationToken)
    {
        var thisMonth = OutstandingSteps.MonthOf(today);
        var totals = (await connection.QueryAsync<(DateOnly Month, long Delta)>(new CommandDefinition(
                """
                SELECT month, SUM(delta_minor) FROM exposure_months
                WHERE partnership_id = @partnershipId AND currency = @currency AND month < @thisMonth AND (source = 'invoice' OR @withOrders)
                GROUP BY month ORDER BY month
                """, new { partnershipId, currency, thisMonth, withOrders }, cancellationToken: cancellationToken)))
            .ToList();
        var points = new List<(DateOnly, long)>();
        var running = 0L;
        var next = 0;
        for (var back = months - 1; back >= 1; back--)
        {
            var monthStart = thisMonth.AddMonths(-back);
            while (next < totals.Count && totals[next].Month <= monthStart)
            {
                running = checked(running + totals[next++].Delta);
            }
            points.Add((monthStart.AddMonths(1).AddDays(-1), running));
        }
        points.Add((today, exposureToday));
        return points;
    }

    /// <summary>
    /// Exposure of one kind at the end of <paramref name="day"/>: the months before its month, and its month's steps up to
    /// it. Each step is at most one bounded amount (Money.MaxMinor says why such sums stay inside 64 bits).
    /// </summary>
    private static Task<long> ExposureAtAsync(DbConnection connection, DbTransaction? transaction, string source, long partnershipId, string currency, DateOnly day,
        CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            SELECT COALESCE((SELECT SUM(delta_minor) FROM exposure_months
                             WHERE partnership_id = @partnershipId AND source = @source AND currency = @currency AND month < @month), 0)
                 + COALESCE((SELECT SUM(delta_minor) FROM exposure_steps
                             WHERE partnership_id = @partnershipId AND source = @source AND currency = @currency AND on_date >= @month AND on_date <= @day), 0)
            """, new { partnershipId, source, currency, day, month = OutstandingSteps.MonthOf(day) }, transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// Records the figures leave out because their currency is not the line's, among those that could matter since
    /// <c>@windowStart</c>: invoices not settled before it, payments made since on the line's invoices, order lines open
    /// since. Other currencies are found through indexes that lead with the partnership and the currency, so a
    /// partnership that never mixes currencies pays nothing for the check.
    /// </summary>
    private static async Task<IReadOnlyList<string>> WarningsAsync(DbConnection connection, DbTransaction? transaction, CreditLine line, object parameters,
        CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        var foreign = (await connection.QueryAsync<(string Currency, string Number, DateOnly DueOn, long Id)>(new CommandDefinition(
            """
            SELECT currency, number, due_on, id FROM invoices
            WHERE partnership_id = @partnershipId AND currency < @currency AND (settled_on IS NULL OR settled_on >= @windowStart)
            UNION ALL
            SELECT currency, number, due_on, id FROM invoices
            WHERE partnership_id = @partnershipId AND currency > @currency AND (settled_on IS NULL OR settled_on >= @windowStart)
            """, parameters, transaction, cancellationToken: cancellationToken))).OrderBy(i => i.DueOn).ThenBy(i => i.Id).ToList();
        if (foreign.Count > 0)
        {
            warnings.Add($"{foreign.Count} invoice(s) in {string.Join(", ", foreign.Select(i => i.Currency).Distinct().Order())} are not counted: the credit line is in {line.Currency} and currencies are never mixed ({string.Join(", ", foreign.Take(5).Select(i => i.Number))}).");
        }
        var foreignPayments = (await connection.QueryAsync<(string Number, DateOnly DueOn, long Id)>(new CommandDefinition(
            """
            SELECT i.number, i.due_on, i.id FROM payments p JOIN invoices i ON i.id = p.invoice_id
            WHERE p.partnership_id = @partnershipId AND (p.currency < @currency OR p.currency > @currency) AND p.paid_on >= @windowStart
              AND i.currency = @currency AND (i.settled_on IS NULL OR i.settled_on >= @windowStart)
            """, parameters, transaction, cancellationToken: cancellationToken))).ToList();
        if (foreignPayments.Count > 0)
        {
            warnings.Add($"{foreignPayments.Count} payment(s) in another currency than their invoice are not counted ({string.Join(", ", foreignPayments.OrderBy(p => p.DueOn).ThenBy(p => p.Id).Select(p => p.Number).Distinct().Take(5))}).");
        }
        // An order line in another currency mattered since the window opened if something was owed on it the day before,
        // or it moved since: both show in its steps.
        if (line.CountOpenOrders && await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                """
                SELECT CASE WHEN EXISTS (SELECT 1 FROM exposure_steps WHERE partnership_id = @partnershipId AND source = 'order_line'
                                           AND (currency < @currency OR currency > @currency) AND on_date >= @windowStart)
                              OR EXISTS (SELECT 1 FROM exposure_months WHERE partnership_id = @partnershipId AND source = 'order_line'
                                           AND (currency < @currency OR currency > @currency) AND month < @windowStart
                                         GROUP BY currency HAVING SUM(delta_minor) <> 0)
                            THEN 1 ELSE 0 END
                """, parameters, transaction, cancellationToken: cancellationToken)))
        {
            warnings.Add($"Open order lines in another currency than {line.Currency} are not counted.");
        }
        return warnings;
    }

    public const string SelectArrangement = """
        SELECT id, partnership_id, kind, extension_minor, deferral_days, deferred_to, currency, reason, starts_on, ends_on, state,
               requested_by_user_id, requested_by_name, requested_by_customer, requested_at,
               decided_by_user_id, decided_by_name, decided_at, decision_note
        FROM credit_arrangements
        """;

    /// <summary>The partnership's arrangements, newest first, each with its invoices; one when <paramref name="arrangementId"/> is given.</summary>
    public static async Task<IReadOnlyList<CreditArrangement>> ArrangementsAsync(DbConnection connection, DbTransaction? transaction, long partnershipId, long? arrangementId,
        string forUpdate = "", CancellationToken cancellationToken = default)
    {
        var filter = arrangementId is null ? "" : " AND id = @arrangementId";
        var rows = (await connection.QueryAsync<CreditArrangement>(new CommandDefinition(
            $"{SelectArrangement} WHERE partnership_id = @partnershipId{filter} ORDER BY requested_at DESC, id DESC{forUpdate}",
            new { partnershipId, arrangementId }, transaction, cancellationToken: cancellationToken))).ToList();
        var invoices = (await connection.QueryAsync<(long ArrangementId, long InvoiceId)>(new CommandDefinition(
                "SELECT arrangement_id, invoice_id FROM credit_arrangement_invoices WHERE partnership_id = @partnershipId ORDER BY invoice_id",
                new { partnershipId }, transaction, cancellationToken: cancellationToken)))
            .ToLookup(r => r.ArrangementId, r => r.InvoiceId);
        return rows.Select(r => r with { InvoiceIds = invoices[r.Id].ToList() }).ToList();
    }

    /// <summary>The first day of the chart: the first of the month <paramref name="months"/> − 1 months before today's.</summary>
    public static DateOnly WindowStart(DateOnly today, int months) => new DateOnly(today.Year, today.Month, 1).AddMonths(-(months - 1));
}
