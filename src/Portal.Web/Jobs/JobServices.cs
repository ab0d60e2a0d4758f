using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Portal.Data.Database;
using Portal.Web.Hosting;

namespace Portal.Web.Jobs;

public static class JobServices
{
    public const string DashboardPath = "/jobs";
    private const string HangfireSchema = "hangfire";

    // The schema is installed by PrepareStorage under the migration lock; nodes preparing it themselves at
    // start-up race each other (duplicate pg_class rows).
    private static readonly PostgreSqlStorageOptions PostgresStorageOptions = new() { SchemaName = HangfireSchema, PrepareSchemaIfNecessary = false };

    /// <summary>Installs or upgrades Hangfire's tables on PostgreSQL (in-memory storage needs nothing). Call it under the migration lock.</summary>
    public static void PrepareStorage(IServiceProvider services, PortalOptions options)
    {
        // Configuring Hangfire first points its process-wide log provider at this host's loggers; the installer
        // creates its static logger from whatever provider is current when it first runs.
        services.GetRequiredService<IGlobalConfiguration>();
        if (options.Database.Provider == DatabaseProvider.Postgres)
        {
            using var connection = new Npgsql.NpgsqlConnection(options.Database.ConnectionString);
            connection.Open();
            PostgreSqlObjectsInstaller.Install(connection, HangfireSchema);
        }
    }

    /// <summary>
    /// In-memory storage for the single embedded process; PostgreSQL storage when several nodes share the work,
    /// so a job enqueued on one node can run on another and survives restarts.
    /// </summary>
    public static IServiceCollection AddPortalJobs(this IServiceCollection services, PortalOptions options)
    {
        // Each host gets its own storage through DI. Hangfire would otherwise fall back to its process-wide
        // JobStorage.Current, which two hosts in one process (tests, or an in-process tool) would share.
        services.AddSingleton<JobStorage>(_ => options.Database.Provider == DatabaseProvider.Postgres
            ? new PostgreSqlStorage(
                new NpgsqlConnectionFactory(options.Database.ConnectionString, PostgresStorageOptions),
                PostgresStorageOptions)
            : new InMemoryStorage());
        services.AddHangfire((provider, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new AspNetCoreLogProvider(new DisposalTolerantLoggerFactory(provider.GetRequiredService<ILoggerFactory>()))));
        if (options.RunsJobs)
        {
            services.AddHangfireServer(o => o.WorkerCount = Math.Max(2, Environment.ProcessorCount));
        }
        services.AddTransient<NotificationRetentionJob>();
        services.AddTransient<GuaranteeEvaluationJob>();
        services.AddTransient<ChangeFeedRetentionJob>();
        services.AddTransient<LoanOverdueJob>();
        services.AddTransient<CreditAlertsJob>();
        services.AddTransient<ActionItemNoticesJob>();
        services.AddTransient<WorkDigestJob>();
        services.AddTransient<NoticeDigestJob>();
        services.AddTransient<ScorecardJob>();
        return services;
    }

    public static WebApplication UsePortalJobs(this WebApplication app, PortalOptions options)
    {
        if (options.RunsWeb)
        {
            app.UseHangfireDashboard(DashboardPath, new DashboardOptions
            {
                Authorization = [new SupplierAdminDashboardFilter()],
                AppPath = "/",
                DashboardTitle = "Partner Portal jobs",
            });
        }
        if (options.RunsJobs)
        {
            var jobs = app.Services.GetRequiredService<IRecurringJobManager>();
            string Daily(int hour, int minute = 0) => options.RecurringJobsOnSchedule ? Cron.Daily(hour, minute) : Cron.Never();
            jobs.AddOrUpdate<NotificationRetentionJob>(NotificationRetentionJob.Id, j => j.RunAsync(CancellationToken.None), Daily(3));
            jobs.AddOrUpdate<GuaranteeEvaluationJob>(GuaranteeEvaluationJob.Id, j => j.RunAsync(CancellationToken.None), Daily(2));
            jobs.AddOrUpdate<ChangeFeedRetentionJob>(ChangeFeedRetentionJob.Id, j => j.RunAsync(CancellationToken.None), Daily(3, 30));
            jobs.AddOrUpdate<LoanOverdueJob>(LoanOverdueJob.Id, j => j.RunAsync(CancellationToken.None), Daily(2));
            jobs.AddOrUpdate<CreditAlertsJob>(CreditAlertsJob.Id, j => j.RunAsync(CancellationToken.None), Daily(6));
            jobs.AddOrUpdate<ActionItemNoticesJob>(ActionItemNoticesJob.Id, j => j.RunAsync(CancellationToken.None), Daily(6, 15));
            jobs.AddOrUpdate<WorkDigestJob>(WorkDigestJob.Id, j => j.RunAsync(CancellationToken.None), Daily(5));
            jobs.AddOrUpdate<NoticeDigestJob>(NoticeDigestJob.Id, j => j.RunAsync(CancellationToken.None), Daily(5, 30));
            // After the guarantee evaluation (02:00), whose results and credits the scorecard reads.
            jobs.AddOrUpdate<ScorecardJob>(ScorecardJob.Id, j => j.RunAsync(CancellationToken.None), Daily(4));
        }
        return app;
    }
}
