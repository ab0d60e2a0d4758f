using Dapper;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Database;
using Portal.Data.Work;
using Portal.Web.Jobs;
using Portal.Web.Seed;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Jobs;

public sealed class ReviewJobsTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task The_notice_job_fans_out_per_partnership_and_tells_each_owner_once(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var services = portal.Services;
        var ct = TestContext.Current.CancellationToken;
        var queue = new RecordingQueue();
        var job = ActivatorUtilities.CreateInstance<ActionItemNoticesJob>(services, (IBackgroundJobClient)queue);
        var arcadia = await ArcadiaAsync(services);

        await job.RunAsync(ct);
        await job.RunForPartnershipAsync(arcadia, ct);
        await job.RunForPartnershipAsync(arcadia, ct);

        Assert.Contains(queue.Jobs, j => j.Method.Name == nameof(ActionItemNoticesJob.RunForPartnershipAsync) && (long)j.Args[0] == arcadia);
        await using var connection = await services.GetRequiredService<PortalDatabase>().OpenAsync(ct);
        // The demo's "Confirm the dates" action item falls due in two days: one notice, however often the job runs.
        var notices = await connection.QueryAsync<string>(
            "SELECT n.title FROM notifications n WHERE n.partnership_id = @arcadia AND n.title LIKE 'Action item due in%'", new { arcadia });
        Assert.Single(notices);
    }

    [Theory, OnBothDatabases]
    public async Task The_digest_job_stores_a_persons_week_once_a_day_and_hands_it_to_the_sender_once(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var services = portal.Services;
        var ct = TestContext.Current.CancellationToken;
        var sender = new CountingSender();
        var job = ActivatorUtilities.CreateInstance<WorkDigestJob>(services, (IBackgroundJobClient)new RecordingQueue(), (IDigestSender)sender);
        await using var connection = await services.GetRequiredService<PortalDatabase>().OpenAsync(ct);
        var carl = await connection.ExecuteScalarAsync<long>("SELECT id FROM users WHERE email = 'carl.engineer@arcadia.example'");

        await job.DigestForAsync(carl, ct);
        await job.DigestForAsync(carl, ct);

        Assert.Equal(1, sender.Sent);
        using var session = await WebSession.SignInAsync(portal, "carl.engineer@arcadia.example");
        var (_, work, _) = await session.GetAsync("/my-work");
        Assert.Contains("data-testid=\"digest\"", work);
        Assert.Contains("Confirm the dates with the other side", work);
    }

    private static async Task<long> ArcadiaAsync(IServiceProvider services)
    {
        await using var connection = await services.GetRequiredService<PortalDatabase>().OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>(
            "SELECT p.id FROM partnerships p JOIN organisations o ON o.id = p.customer_org_id WHERE o.name = @Name", new { DemoData.Arcadia.Name });
    }

    private sealed class RecordingQueue : IBackgroundJobClient
    {
        public List<Job> Jobs { get; } = [];

        public string Create(Job job, IState state)
        {
            Jobs.Add(job);
            return "recorded";
        }

        public bool ChangeState(string jobId, IState state, string expectedState) => false;
    }

    private sealed class CountingSender : IDigestSender
    {
        public int Sent { get; private set; }

        public Task SendAsync(WorkDigest digest, CancellationToken cancellationToken)
        {
            Sent++;
            return Task.CompletedTask;
        }
    }
}
