using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Web.Hosting;
using Portal.Web.Jobs;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Jobs;

/// <summary>
/// The recurring jobs fire at their times of day unless Portal:RecurringJobsOnSchedule is off, as in every test host:
/// then each is registered all the same (so that it can be run on demand) and the clock starts none.
/// </summary>
public sealed class RecurringJobScheduleTests(PortalHosts hosts)
{
    [Fact]
    public void The_schedule_is_on_unless_configured_off() => Assert.True(new PortalOptions().RecurringJobsOnSchedule);

    [Fact]
    public void A_test_host_registers_every_recurring_job_and_the_clock_starts_none()
    {
        var jobs = RecurringJobs(hosts.For(Portal.Data.Database.DatabaseProvider.Sqlite));

        Assert.Contains(jobs, j => j.Id == ChangeFeedRetentionJob.Id);
        Assert.Contains(jobs, j => j.Id == ScorecardJob.Id);
        Assert.All(jobs, j => Assert.Equal(Cron.Never(), j.Cron));
    }

    [Fact]
    public async Task With_the_schedule_on_each_recurring_job_runs_daily_at_its_time()
    {
        // A host of its own: the shared hosts' job storage must never hold a schedule the wall clock would start.
        await using var portal = new PortalFactory();
        await using var scheduled = portal.WithWebHostBuilder(b => b.UseSetting("Portal:RecurringJobsOnSchedule", "true"));

        var jobs = RecurringJobs(scheduled);

        Assert.Contains(jobs, j => j.Id == ChangeFeedRetentionJob.Id && j.Cron == Cron.Daily(3, 30));
        Assert.Contains(jobs, j => j.Id == ScorecardJob.Id && j.Cron == Cron.Daily(4));
        Assert.All(jobs, j => Assert.NotEqual(Cron.Never(), j.Cron));
    }

    private static List<RecurringJobDto> RecurringJobs(WebApplicationFactory<Program> portal)
    {
        using var connection = portal.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs();
    }
}
