using Hangfire;
using Hangfire.PostgreSql;
using Portal.Data.Database;
using Portal.Web.Hosting;

namespace Portal.Web.Jobs;

public static class JobServices
{
    public const string DashboardPath = "/jobs";
    private const string HangfireSchema = "hangfire";

    /// <summary>Installs or upgrades Hangfire's tables on PostgreSQL (in-memory storage needs nothing). Call it under the migration lock.</summary>
    public static void PrepareStorage(PortalOptions options)
    {
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
        services.AddHangfire(config =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (options.Database.Provider == DatabaseProvider.Postgres)
            {
                // The schema is installed by PrepareStorage under the migration lock; nodes preparing it
                // themselves at start-up race each other (duplicate pg_class rows).
                config.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(options.Database.ConnectionString),
                    new PostgreSqlStorageOptions { SchemaName = HangfireSchema, PrepareSchemaIfNecessary = false });
            }
            else
            {
                config.UseInMemoryStorage();
            }
        });
        if (options.RunsJobs)
        {
            services.AddHangfireServer(o => o.WorkerCount = Math.Max(2, Environment.ProcessorCount));
        }
        services.AddTransient<NotificationRetentionJob>();
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
            jobs.AddOrUpdate<NotificationRetentionJob>(NotificationRetentionJob.Id, j => j.RunAsync(CancellationToken.None), Cron.Daily(3));
        }
        return app;
    }
}
