using Dapper;
using Portal.Data.Database;
using Portal.Data.Tenancy;

namespace Portal.Data.Scorecards;

/// <summary>
/// The portfolio: the partnerships of the scope with their latest scorecard, filtered, sorted and paged in SQL. The sort
/// keys take a few index lookups per partnership of the scope (its latest two months and its open alerts); what is loaded
/// and rendered beyond them (the year's series, the alerts themselves) is for the page's rows only, in one read each.
/// </summary>
public sealed class PortfolioStore(PortalDatabase database)
{
    public const int PageSize = 25;

    /// <summary>How many months the sparkline covers, up to the month before <c>today</c>'s.</summary>
    public const int SeriesMonths = 12;

    public async Task<Page<PortfolioRow>> GetPageAsync(CallerScope scope, PortfolioQuery query, int pageNumber, DateOnly today, CancellationToken cancellationToken = default)
    {
        pageNumber = Math.Max(1, pageNumber);
        var dialect = database.Dialect;
        var search = query.Search?.Trim();
        var parameters = new
        {
            Allowed = dialect.ListOf(scope.PartnershipIds),
            State = query.State == PortfolioState.Insufficient ? nameof(HealthState.InsufficientData) : query.State.ToString(),
            Pattern = $"%{Escaped(search?.ToLowerInvariant() ?? "")}%",
            Limit = PageSize,
            Offset = (long)(pageNumber - 1) * PageSize,
        };
        var conditions = new List<string>();
        if (query.State != PortfolioState.All)
        {
            conditions.Add(query.Side switch
            {
                PortfolioSide.Supplier => "c.supplier_state = @State",
                PortfolioSide.Customer => "c.customer_state = @State",
                _ => "(c.supplier_state = @State OR c.customer_state = @State)",
            });
        }
        if (!string.IsNullOrEmpty(search))
        {
            conditions.Add(@"(lower(c.name) LIKE @Pattern ESCAPE '\' OR lower(c.customer_name) LIKE @Pattern ESCAPE '\')");
        }
        if (query.OpenAlertsOnly)
        {
            conditions.Add("c.open_alerts > 0");
        }
        var where = conditions.Count == 0 ? "" : $"WHERE {string.Join(" AND ", conditions)}";
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<CardRow>(new CommandDefinition(
            $"""
            {Cards(dialect)}
            SELECT c.id, c.name, c.customer_name, c.latest_id, c.previous_id, COUNT(*) OVER () AS total
            FROM card c {where}
            ORDER BY {Order(query.Sort)}
            LIMIT @Limit OFFSET @Offset
            """, parameters, cancellationToken: cancellationToken))).ToList();
        // Past the last page there is no row to carry the total.
        var total = rows.Count > 0 ? rows[0].Total : pageNumber == 1 ? 0
            : await connection.ExecuteScalarAsync<long>(new CommandDefinition($"{Cards(dialect)} SELECT COUNT(*) FROM card c {where}", parameters, cancellationToken: cancellationToken));
        if (rows.Count == 0)
        {
            return new Page<PortfolioRow>([], pageNumber, PageSize, total);
        }

        var ids = dialect.ListOf(rows.Select(r => r.Id));
        var from = new DateOnly(today.Year, today.Month, 1).AddMonths(-SeriesMonths);
        var snapshots = (await connection.QueryAsync<ScorecardSnapshot>(new CommandDefinition(
            $"""
            SELECT {ScorecardStore.SnapshotColumns} FROM scorecard_snapshots s
            WHERE {dialect.InList("s.partnership_id", "@ids")} AND {dialect.InList("s.partnership_id", "@Allowed")} AND s.month >= @from AND {ScorecardStore.LatestRevision}
            UNION
            SELECT {ScorecardStore.SnapshotColumns} FROM scorecard_snapshots s
            WHERE {dialect.InList("s.id", "@snapshotIds")} AND {dialect.InList("s.partnership_id", "@Allowed")}
            ORDER BY 2, 3
            """, new { ids, parameters.Allowed, from, snapshotIds = dialect.ListOf(rows.SelectMany(r => new[] { r.LatestId, r.PreviousId }).OfType<long>()) },
            cancellationToken: cancellationToken))).ToList();
        var byId = snapshots.ToDictionary(s => s.Id);
        var series = snapshots.Where(s => s.Month >= from).ToLookup(s => s.PartnershipId);
        var alerts = (await connection.QueryAsync<HealthAlert>(new CommandDefinition(
            $"""
            SELECT {HealthAlertStore.Columns} FROM health_alerts a
            WHERE {dialect.InList("a.partnership_id", "@ids")} AND {dialect.InList("a.partnership_id", "@Allowed")} AND a.state = 'Open'
            ORDER BY a.month DESC, a.side
            """, new { ids, parameters.Allowed }, cancellationToken: cancellationToken))).ToLookup(a => a.PartnershipId);
        return new Page<PortfolioRow>(rows.Select(r => new PortfolioRow(r.Id, r.Name, r.CustomerName, Snapshot(r.LatestId), Snapshot(r.PreviousId),
            series[r.Id].ToList(), alerts[r.Id].ToList())).ToList(), pageNumber, PageSize, total);

        ScorecardSnapshot? Snapshot(long? id) => id is { } i ? byId.GetValueOrDefault(i) : null;
    }

    /// <summary>
    /// <c>card</c>: each partnership of the scope with its latest month's latest revision (its grades and scores), the
    /// change of each side's score against the month before, and its number of open alerts. Each of these is one step
    /// down the snapshot key (partnership, month, revision) or the alerts' (partnership, state), so a partnership costs the
    /// same whatever the length of its history. <c>head</c> is materialised so that PostgreSQL finds each latest month
    /// once, not again for every use of it that inlining would make.
    /// </summary>
    private static string Cards(Dialect dialect) =>
        $"""
        WITH head AS MATERIALIZED (
            SELECT p.id, p.name, o.name AS customer_name,
                   (SELECT x.id FROM scorecard_snapshots x WHERE x.partnership_id = p.id ORDER BY x.month DESC, x.revision DESC LIMIT 1) AS latest_id,
                   (SELECT COUNT(*) FROM health_alerts a WHERE a.partnership_id = p.id AND a.state = 'Open') AS open_alerts
            FROM partnerships p
            JOIN organisations o ON o.id = p.customer_org_id
            WHERE {dialect.InList("p.id", "@Allowed")}
        ),
        card AS (
            SELECT h.id, h.name, h.customer_name, h.latest_id, h.open_alerts, prev.id AS previous_id,
                   cur.supplier_state, cur.customer_state, cur.supplier_score_milli AS supplier, cur.customer_score_milli AS customer,
                   cur.supplier_score_milli - prev.supplier_score_milli AS supplier_delta, cur.customer_score_milli - prev.customer_score_milli AS customer_delta
            FROM head h
            LEFT JOIN scorecard_snapshots cur ON cur.id = h.latest_id
            LEFT JOIN scorecard_snapshots prev ON prev.id = (SELECT y.id FROM scorecard_snapshots y
                                                              WHERE y.partnership_id = h.id AND y.month = {dialect.MonthBefore("cur.month")}
                                                              ORDER BY y.revision DESC LIMIT 1)
        )
        """;

    // Every order ends on the name and id, so that a page boundary never splits ties differently from one request to the next.
    private static string Order(PortfolioSort sort) => sort switch
    {
        PortfolioSort.Name => "lower(c.name), c.id",
        PortfolioSort.Supplier => "CASE WHEN c.supplier IS NULL THEN 1 ELSE 0 END, c.supplier, lower(c.name), c.id",
        PortfolioSort.Customer => "CASE WHEN c.customer IS NULL THEN 1 ELSE 0 END, c.customer, lower(c.name), c.id",
        PortfolioSort.Trend => $"CASE WHEN {Drop} IS NULL THEN 1 ELSE 0 END, {Drop}, lower(c.name), c.id",
        _ => $"{Rank}, {Lowest}, lower(c.name), c.id",
    };

    private const string Rank = """
        CASE WHEN c.latest_id IS NULL THEN 4
             WHEN c.supplier_state = 'Red' OR c.customer_state = 'Red' THEN 0
             WHEN c.supplier_state = 'Amber' OR c.customer_state = 'Amber' THEN 1
             WHEN c.supplier_state = 'Green' OR c.customer_state = 'Green' THEN 2
             ELSE 3 END
        """;

    // A side without a score counts as 100 (in thousandths), so that the scored side decides.
    private const string Lowest = """
        CASE WHEN COALESCE(c.supplier, 100000) < COALESCE(c.customer, 100000) THEN COALESCE(c.supplier, 100000) ELSE COALESCE(c.customer, 100000) END
        """;

    // The more negative of the two sides' changes; null when neither side has a score in both months.
    private const string Drop = """
        CASE WHEN c.supplier_delta IS NULL THEN c.customer_delta WHEN c.customer_delta IS NULL THEN c.supplier_delta
             WHEN c.supplier_delta < c.customer_delta THEN c.supplier_delta ELSE c.customer_delta END
        """;

    private static string Escaped(string text) => text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    private sealed record CardRow
    {
        public long Id { get; init; }
        public required string Name { get; init; }
        public required string CustomerName { get; init; }
        public long? LatestId { get; init; }
        public long? PreviousId { get; init; }
        public long Total { get; init; }
    }
}
