using System.Globalization;

namespace Portal.Bench;

/// <summary>
/// The command line. `--suite` chooses what runs (ingest = B1/B2 and memory, growth = B7, load = B3, scaleout = one node
/// against two behind HAProxy, scorecards = B4, portfolio = the portfolio page alone on stored months, all, or a comma-separated
/// list such as growth,load); `--quick` shrinks
/// every size, sample count and duration so that a run takes seconds (a smoke test of the bench itself, not a measurement).
/// </summary>
public sealed record BenchOptions
{
    public const string Usage = """
        usage: Portal.Bench [--suite ingest|growth|load|scaleout|scorecards|portfolio|all|growth,load] [--quick] [--keep] [--db sqlite|postgres] [--pg CONNECTION]
                            ingest: [--rows 100000] [--rounds 5] [--memory-rows 1000000]
                            growth and load: [--samples 200] [--warmup 20] [--timeout 30] [--budget 60] [--load-seconds 10] [--load-rounds 3]
                            scorecards: [--partnerships 500] [--delivery-lines 5000000] (--keep leaves the database for EXPLAIN)
                                        [--reuse KEPT] times the month just closed again on a kept database (its SQLite path or PostgreSQL connection)
                            portfolio: [--partnerships 500] [--samples 200] (twelve stored months each, no ERP history)
        """;

    public IReadOnlySet<string> Suites { get; init; } = new HashSet<string> { "ingest" };
    public bool Quick { get; init; }

    /// <summary>The bench's database is left in place (its path printed) for a look at query plans afterwards.</summary>
    public bool Keep { get; init; }

    /// <summary>B4 on a database an earlier run kept: no load and no catch-up, the month just closed forgotten and timed again.</summary>
    public string? Reuse { get; init; }
    public bool Postgres { get; init; }
    public string AdminConnection { get; init; } = "Host=127.0.0.1;Port=5499;Username=postgres;Database=postgres";

    public int Rows { get; init; } = 100_000;
    public int Rounds { get; init; } = 5;
    public int MemoryRows { get; init; } = 1_000_000;

    /// <summary>Timed requests per page and size, after the warm-up; fewer when the page is too slow for <see cref="Budget"/>.</summary>
    public int Samples { get; init; } = 200;
    public int WarmUp { get; init; } = 20;
    /// <summary>One request longer than this is abandoned and the page reported as timed out.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>About how long one page may be sampled at one size.</summary>
    public TimeSpan Budget { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan LoadRound { get; init; } = TimeSpan.FromSeconds(10);
    public int LoadRounds { get; init; } = 3;

    /// <summary>B4: the partnerships and the delivery lines they hold in all, spread evenly.</summary>
    public int Partnerships { get; init; } = 500;
    public int DeliveryLines { get; init; } = 5_000_000;

    public bool Runs(string suite) => Suites.Contains("all") || Suites.Contains(suite);

    /// <summary>The history sizes of B7: ERP orders spread over years, all ending yesterday.</summary>
    public IReadOnlyList<HistorySize> Sizes => Quick
        ? [new("1×", 10, 1), new("10×", 30, 1), new("100×", 100, 2)]
        : [new("1×", 200, 1), new("10×", 2000, 3), new("100×", 20000, 5)];

    /// <summary>Null when the command line has an unknown option or suite.</summary>
    public static BenchOptions? Parse(string[] args)
    {
        var quick = args.Contains("--quick");
        var named = new Dictionary<string, string>();
        var rest = args.Where(a => a is not "--quick" and not "--keep").ToArray();
        for (var i = 0; i < rest.Length; i += 2)
        {
            if (i + 1 >= rest.Length || !Known.Contains(rest[i])) return null;
            named[rest[i]] = rest[i + 1];
        }
        var suites = named.GetValueOrDefault("--suite", "ingest").Split(',').ToHashSet();
        if (!suites.IsSubsetOf(["ingest", "growth", "load", "scaleout", "scorecards", "portfolio", "all"])) return null;
        var defaults = quick
            ? new BenchOptions { Rows = 2000, Rounds = 1, MemoryRows = 0, Samples = 5, WarmUp = 2, Timeout = TimeSpan.FromSeconds(10), Budget = TimeSpan.FromSeconds(2), LoadRound = TimeSpan.FromSeconds(1), LoadRounds = 1,
                Partnerships = 20, DeliveryLines = 20_000 }
            : new BenchOptions();
        return defaults with
        {
            Suites = suites,
            Quick = quick,
            Keep = args.Contains("--keep"),
            Reuse = named.GetValueOrDefault("--reuse"),
            Postgres = named.GetValueOrDefault("--db", "sqlite") == "postgres",
            AdminConnection = named.GetValueOrDefault("--pg", defaults.AdminConnection),
            Rows = Number("--rows", defaults.Rows),
            Rounds = Number("--rounds", defaults.Rounds),
            MemoryRows = Number("--memory-rows", defaults.MemoryRows),
            Samples = Number("--samples", defaults.Samples),
            WarmUp = Number("--warmup", defaults.WarmUp),
            Timeout = TimeSpan.FromSeconds(Number("--timeout", (int)defaults.Timeout.TotalSeconds)),
            Budget = TimeSpan.FromSeconds(Number("--budget", (int)defaults.Budget.TotalSeconds)),
            LoadRound = TimeSpan.FromSeconds(Number("--load-seconds", (int)defaults.LoadRound.TotalSeconds)),
            LoadRounds = Number("--load-rounds", defaults.LoadRounds),
            Partnerships = Number("--partnerships", defaults.Partnerships),
            DeliveryLines = Number("--delivery-lines", defaults.DeliveryLines),
        };

        int Number(string name, int fallback) => named.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
    }

    private static readonly HashSet<string> Known =
        ["--suite", "--db", "--pg", "--rows", "--rounds", "--memory-rows", "--samples", "--warmup", "--timeout", "--budget", "--load-seconds", "--load-rounds", "--partnerships", "--delivery-lines", "--reuse"];
}

/// <summary>A generated ERP history: <paramref name="Orders"/> purchase orders over <paramref name="Years"/> years.</summary>
public sealed record HistorySize(string Label, int Orders, int Years);
