using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Portal.Data.Attachments;
using Portal.Data.Audit;
using Portal.Data.ChangeFeed;
using Portal.Data.Credit;
using Portal.Data.Database;
using Portal.Data.DesignRequests;
using Portal.Data.Erp;
using Portal.Data.Guarantees;
using Portal.Data.ErpClients;
using Portal.Data.Loans;
using Portal.Data.Notifications;
using Portal.Data.Organisations;
using Portal.Data.Partnerships;
using Portal.Data.Quality;
using Portal.Data.Reviews;
using Portal.Data.Reviews.Agenda;
using Portal.Data.Scorecards;
using Portal.Data.Tenancy;
using Portal.Data.Users;
using Portal.Data.Work;

namespace Portal.Data.Tests.Infrastructure;

/// <summary>
/// A database of one test's own (a temporary SQLite file, or a database of the test PostgreSQL cluster
/// that no other test uses meanwhile), with the stores wired to a <see cref="FakeTimeProvider"/>.
/// Disposing it deletes the database, or empties a pooled one for the next test.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly Func<Task> _release;

    private TestDatabase(DatabaseOptions options, PortalDatabase database, Func<Task> release)
    {
        Options = options;
        Database = database;
        _release = release;
    }

    public DatabaseOptions Options { get; }
    public PortalDatabase Database { get; }
    public FakeTimeProvider Clock { get; } = new(Start);

    public AuditTrail Trail => new(Clock);
    public AuditStore AuditLog => new(Database);
    public OrganisationStore Organisations => new(Database, Trail, Clock);
    public PartnershipStore Partnerships => new(Database, Trail, Clock);
    public UserStore Users => new(Database, Trail, Clock);
    public ScopeStore Scopes => new(Database, Clock);
    public ErpClientStore ErpClients => new(Database, Trail, Clock);
    public ErpRecordStore ErpRecords => new(Database, Trail, Clock);
    public ErpSyncStore ErpSync => new(Database, Trail, Clock);
    public NotificationStore Notifications => new(Database, Clock);
    public QualityIssueStore QualityIssues => new(Database, Trail, Notifications, Attachments, Feed, Clock);
    public QualityWorkflowStore QualityWorkflow => new(Database, QualityIssues, Trail, Notifications, Feed, Clock);
    public QualityMetricsStore QualityMetrics => new(Database);
    public ContainmentTargetStore ContainmentTargets => new(Database, Trail);
    public AttachmentOptions AttachmentOptions { get; } = new();
    public AttachmentStore Attachments => new(Database, Trail, AttachmentOptions, Clock);
    public DesignRequestStore DesignRequests => new(Database, Trail, Notifications, Attachments, Feed, Clock);
    public ChangeFeedWriter Feed => new(Clock);
    public ChangeFeedStore ChangeFeed => new(Database);
    public GuaranteeStore Guarantees => new(Database, Trail, Clock);
    public GuaranteeMetricsStore GuaranteeMetrics => new(Database, QualityMetrics);
    public PenaltyCreditStore PenaltyCredits => new(Database, Trail, Notifications, Feed, Clock);
    public GuaranteeEvaluator GuaranteeEvaluator => new(Database, GuaranteeMetrics, PenaltyCredits, Clock);
    public FeedReadStore FeedReads => new(Database, Clock);
    public EquipmentStore Equipment => new(Database, Trail, Clock);
    public LoanStore Loans => new(Database, Trail, Notifications, Feed, Clock);
    public WorkStore Work => new(Database, Clock);
    public CreditStore Credit => new(Database, Trail, Notifications, Feed, Clock);
    public CreditAlertStore CreditAlerts => new(Database, Credit, Notifications, Clock);
    public AgendaBuilder Agenda => new([new HealthAgendaSource(HealthAlerts, Scorecards), new GuaranteeAgendaSource(Database), new QualityAgendaSource(Database), new DesignAgendaSource(Database),
        new CreditAgendaSource(Credit), new LoanAgendaSource(Database), new ActionItemAgendaSource(Database)]);
    public ReviewStore Reviews => new(Database, Agenda, Trail, Notifications, Clock);
    public MeetingStore Meetings => new(Database, Trail, Clock);
    public ActionItemStore ActionItems => new(Database, Trail, Notifications, Feed, Clock);
    public DigestStore Digests => new(Database, Work, Clock);
    public ScorecardMetricsStore ScorecardMetrics => new(Database, GuaranteeMetrics, QualityMetrics, Credit, Loans, PenaltyCredits);
    public ScorecardTargetStore ScorecardTargets => new(Database, Trail, Clock);
    public ScorecardCalculator Scorecard => new(Database, ScorecardMetrics, ScorecardTargets, Trail, Notifications, Feed, Clock);
    public ScorecardStore Scorecards => new(Database);
    public HealthAlertStore HealthAlerts => new(Database);

    /// <summary>The scope a signed-in user gets, resolved as a request would; fails the test when there is none.</summary>
    public async Task<CallerScope> ScopeOfAsync(long userId) =>
        await Scopes.ForUserAsync(userId, Ct)
        ?? throw new InvalidOperationException($"User {userId} has no scope.");

    /// <summary>A migrator with its own connection factory, as a separate node would have.</summary>
    public Migrator NewMigrator() => new(new PortalDatabase(Options), Options, NullLogger<Migrator>.Instance);

    /// <summary>A migrated database with no rows in it.</summary>
    public static async Task<TestDatabase> CreateMigratedAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            var lent = await PostgresDatabasePool.RentAsync();
            return new TestDatabase(lent.Options, lent.Database, () => PostgresDatabasePool.ReturnAsync(lent));
        }
        var database = await CreateEmptyAsync(provider);
        await database.NewMigrator().MigrateAsync(Ct);
        return database;
    }

    /// <summary>A database that has never been migrated.</summary>
    public static async Task<TestDatabase> CreateEmptyAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            var name = $"portal_test_{Guid.NewGuid():N}";
            return Create(provider, await PostgresServer.CreateDatabaseAsync(name), () => PostgresServer.DropDatabaseAsync(name));
        }
        var directory = Directory.CreateTempSubdirectory("portal-data-tests-").FullName;
        return Create(provider, Path.Combine(directory, "portal.db"), () =>
        {
            // Pooled connections keep the file open; release them before deleting it.
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
            return Task.CompletedTask;
        });
    }

    private static TestDatabase Create(DatabaseProvider provider, string connectionString, Func<Task> delete)
    {
        var options = new DatabaseOptions { Provider = provider, ConnectionString = connectionString };
        return new TestDatabase(options, new PortalDatabase(options), delete);
    }

    public async ValueTask DisposeAsync() => await _release();
}
