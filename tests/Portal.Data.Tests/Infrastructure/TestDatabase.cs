using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Portal.Data.Attachments;
using Portal.Data.Audit;
using Portal.Data.ChangeFeed;
using Portal.Data.Changes;
using Portal.Data.Credit;
using Portal.Data.Database;
using Portal.Data.DesignRequests;
using Portal.Data.Erp;
using Portal.Data.Guarantees;
using Portal.Data.ErpClients;
using Portal.Data.Loans;
using Portal.Data.Notifications;
using Portal.Data.Profiles;
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

    private readonly ServiceProvider _services;

    private TestDatabase(DatabaseOptions options, PortalDatabase database, Func<Task> release)
    {
        Options = options;
        Database = database;
        _release = release;
        var services = new ServiceCollection()
            .AddSingleton(options)
            .AddSingleton(database)
            .AddSingleton(AttachmentOptions)
            .AddSingleton<TimeProvider>(Clock)
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        _services = services.AddPortalData().BuildServiceProvider();
    }

    public DatabaseOptions Options { get; }
    public PortalDatabase Database { get; }
    public FakeTimeProvider Clock { get; } = new(Start);

    public AttachmentOptions AttachmentOptions { get; } = new();

    // The stores as the host wires them (AddPortalData), on this test's database and clock.
    private T Store<T>() where T : notnull => _services.GetRequiredService<T>();

    public AuditTrail Trail => Store<AuditTrail>();
    public ChangeRecorder Changes => Store<ChangeRecorder>();
    public AuditStore AuditLog => Store<AuditStore>();
    public OrganisationStore Organisations => Store<OrganisationStore>();
    public PartnershipStore Partnerships => Store<PartnershipStore>();
    public UserStore Users => Store<UserStore>();
    public ScopeStore Scopes => Store<ScopeStore>();
    public ErpClientStore ErpClients => Store<ErpClientStore>();
    public ErpRecordStore ErpRecords => Store<ErpRecordStore>();
    public ErpSyncStore ErpSync => Store<ErpSyncStore>();
    public NotificationStore Notifications => Store<NotificationStore>();
    public NoticeDigestStore NoticeDigests => Store<NoticeDigestStore>();
    public ProfileStore Profiles => Store<ProfileStore>();
    public QualityIssueStore QualityIssues => Store<QualityIssueStore>();
    public QualityWorkflowStore QualityWorkflow => Store<QualityWorkflowStore>();
    public QualityMetricsStore QualityMetrics => Store<QualityMetricsStore>();
    public ContainmentTargetStore ContainmentTargets => Store<ContainmentTargetStore>();
    public AttachmentStore Attachments => Store<AttachmentStore>();
    public DesignRequestStore DesignRequests => Store<DesignRequestStore>();
    public ChangeFeedWriter Feed => Store<ChangeFeedWriter>();
    public ChangeFeedStore ChangeFeed => Store<ChangeFeedStore>();
    public GuaranteeStore Guarantees => Store<GuaranteeStore>();
    public GuaranteeMetricsStore GuaranteeMetrics => Store<GuaranteeMetricsStore>();
    public PenaltyCreditStore PenaltyCredits => Store<PenaltyCreditStore>();
    public GuaranteeEvaluator GuaranteeEvaluator => Store<GuaranteeEvaluator>();
    public FeedReadStore FeedReads => Store<FeedReadStore>();
    public EquipmentStore Equipment => Store<EquipmentStore>();
    public LoanStore Loans => Store<LoanStore>();
    public WorkStore Work => Store<WorkStore>();
    public CreditStore Credit => Store<CreditStore>();
    public CreditAlertStore CreditAlerts => Store<CreditAlertStore>();
    public AgendaBuilder Agenda => Store<AgendaBuilder>();
    public ReviewStore Reviews => Store<ReviewStore>();
    public MeetingStore Meetings => Store<MeetingStore>();
    public ActionItemStore ActionItems => Store<ActionItemStore>();
    public DigestStore Digests => Store<DigestStore>();
    public ScorecardMetricsStore ScorecardMetrics => Store<ScorecardMetricsStore>();
    public ScorecardTargetStore ScorecardTargets => Store<ScorecardTargetStore>();
    public ScorecardCalculator Scorecard => Store<ScorecardCalculator>();
    public ScorecardStore Scorecards => Store<ScorecardStore>();
    public HealthAlertStore HealthAlerts => Store<HealthAlertStore>();
    public PortfolioStore Portfolio => Store<PortfolioStore>();

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

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _release();
    }
}
