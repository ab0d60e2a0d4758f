using Portal.Data.Changes;
using Portal.Data.Credit;
using Portal.Data.Database;
using Portal.Data.Guarantees;
using Portal.Data.Loans;
using Portal.Data.Notifications;
using Portal.Data.Quality;
using Portal.Data.Scorecards;
using Portal.Data.Tenancy;

namespace Portal.Bench;

/// <summary>
/// The scorecard job's own classes, wired as the portal wires them (AddPortalData), in the bench's process on the bench's
/// database, with a clock the bench sets: the job's work is timed without Hangfire's queue in between, and the first of
/// a month can be any day.
/// </summary>
public sealed class ScorecardServices
{
    private readonly BenchClock _clock = new();

    public ScorecardServices(BenchDatabase store, bool postgres)
    {
        var database = new PortalDatabase(new DatabaseOptions
        {
            Provider = postgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite,
            ConnectionString = store.ConnectionString,
        });
        var changes = ChangeRecorder.On(database, _clock);
        var quality = new QualityMetricsStore(database);
        Guarantees = new GuaranteeMetricsStore(database, quality);
        var metrics = new ScorecardMetricsStore(database, Guarantees, quality, new CreditStore(database, changes, _clock),
            new LoanStore(database, changes, new NotificationStore(database, _clock), _clock), new PenaltyCreditStore(database, changes, _clock));
        Calculator = new ScorecardCalculator(database, metrics, new ScorecardTargetStore(database, changes, _clock), changes, _clock);
        Portfolio = new PortfolioStore(database);
        Scopes = new ScopeStore(database, _clock);
    }

    public ScorecardCalculator Calculator { get; }
    public PortfolioStore Portfolio { get; }
    public ScopeStore Scopes { get; }
    public GuaranteeMetricsStore Guarantees { get; }

    public DateTimeOffset Now
    {
        get => _clock.Now;
        set => _clock.Now = value;
    }

    /// <summary>One partnership's catch-up, as <c>ScorecardJob</c> runs it for one partnership.</summary>
    public Task<CatchUpSummary> CatchUpAsync(long partnershipId) =>
        Calculator.CatchUpAsync(CallerScope.ForSystem("partnership-scorecards", partnershipId), partnershipId);

    /// <summary>The month just closed for every partnership at once, as <c>ScorecardJob</c> runs it before its fan-out.</summary>
    public Task<CatchUpSummary> ComputeMonthAsync(IReadOnlyList<long> partnershipIds, DateOnly month) =>
        Calculator.ComputeMonthAsync(CallerScope.ForSystem("partnership-scorecards", [.. partnershipIds]), partnershipIds, month);

    /// <summary>The two metrics the set-based baseline computes, as the job measures them for every partnership and one month.</summary>
    public async Task OnTimeInFullAndPpmAsync(IReadOnlyList<long> partnershipIds, DateOnly month)
    {
        var scope = CallerScope.ForSystem("partnership-scorecards", [.. partnershipIds]);
        var to = month.AddMonths(1).AddDays(-1);
        await Guarantees.OnTimeInFullAsync(scope, partnershipIds, month, to);
        await Guarantees.PpmAsync(scope, partnershipIds, month, to);
    }

    private sealed class BenchClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
