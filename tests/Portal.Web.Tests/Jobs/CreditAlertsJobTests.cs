using Dapper;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Data.Credit;
using Portal.Data.Database;
using Portal.Web.Jobs;
using Portal.Web.Seed;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Jobs;

/// <summary>The daily credit alerts on the demo: Nordlab runs at about 90 % of its effective limit, so its 80 % alert is due.</summary>
public sealed class CreditAlertsJobTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task The_recurring_run_fans_out_one_job_per_partnership_with_a_line(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var recorded = new RecordingJobClient();
        var job = new CreditAlertsJob(portal.Services.GetRequiredService<CreditAlertStore>(), recorded, NullLogger<CreditAlertsJob>.Instance);

        await job.RunAsync(TestContext.Current.CancellationToken);

        var nordlab = await NordlabAsync(portal);
        Assert.Contains(recorded.Jobs, j => j.Method.Name == nameof(CreditAlertsJob.RunForPartnershipAsync) && (long)j.Args[0] == nordlab);
        Assert.Equal(recorded.Jobs.Count, recorded.Jobs.Select(j => j.Args[0]).Distinct().Count());
    }

    [Theory, OnBothDatabases]
    public async Task Run_twice_a_partnerships_job_notifies_once(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var nordlab = await NordlabAsync(portal);
        var job = portal.Services.GetRequiredService<CreditAlertsJob>();

        await job.RunForPartnershipAsync(nordlab, TestContext.Current.CancellationToken);
        var afterFirst = await UtilisationAlertsAsync(portal, nordlab);
        await job.RunForPartnershipAsync(nordlab, TestContext.Current.CancellationToken);

        Assert.Equal(1, afterFirst);
        Assert.Equal(1, await UtilisationAlertsAsync(portal, nordlab));
    }

    private static async Task<long> NordlabAsync(PortalFactory portal)
    {
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT p.id FROM partnerships p JOIN organisations o ON o.id = p.customer_org_id WHERE o.name = @Name", new { DemoData.Nordlab.Name });
    }

    // Fay (Finance) is told of every alert of her partnerships.
    private static async Task<long> UtilisationAlertsAsync(PortalFactory portal, long partnershipId)
    {
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>(
            """
            SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id
            WHERE n.partnership_id = @partnershipId AND u.email = 'fay.finance@helix.example' AND n.title LIKE 'Credit utilisation%'
            """, new { partnershipId });
    }

    private sealed class RecordingJobClient : IBackgroundJobClient
    {
        public List<Job> Jobs { get; } = [];

        public string Create(Job job, IState state)
        {
            Jobs.Add(job);
            return $"{Jobs.Count}";
        }

        public bool ChangeState(string jobId, IState state, string expectedState) => false;
    }
}
