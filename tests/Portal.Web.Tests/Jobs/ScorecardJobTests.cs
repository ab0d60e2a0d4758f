using Dapper;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Data.Database;
using Portal.Data.Scorecards;
using Portal.Web.Jobs;
using Portal.Web.Seed;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Jobs;

public sealed class ScorecardJobTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task The_daily_run_queues_one_short_job_per_partnership_and_each_is_a_no_op_once_caught_up(DatabaseProvider provider)
    {
        var services = hosts.For(provider).Services;
        var ct = TestContext.Current.CancellationToken;
        var recorder = new RecordingJobClient();
        var job = new ScorecardJob(services.GetRequiredService<ScorecardStore>(), services.GetRequiredService<ScorecardCalculator>(), recorder, NullLogger<ScorecardJob>.Instance);
        var database = services.GetRequiredService<PortalDatabase>();
        await using var connection = await database.OpenAsync(ct);
        // Partnerships other tests created in the shared host are caught up by the first run; the second has nothing left
        // to do. First revisions only: other tests recompute months meanwhile.
        await RunAsync();
        var before = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM scorecard_snapshots WHERE revision = 1");
        recorder.Created.Clear();

        await RunAsync();

        var partnerships = await connection.QueryAsync<long>("SELECT id FROM partnerships ORDER BY id");
        Assert.All(recorder.Created, j => Assert.Equal(nameof(ScorecardJob.RunForPartnershipAsync), j.Method.Name));
        Assert.Equal(partnerships, recorder.Created.Select(j => (long)j.Args[0]!));
        Assert.Equal(before, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM scorecard_snapshots WHERE revision = 1"));

        async Task RunAsync()
        {
            await job.RunAsync(ct);
            foreach (var created in recorder.Created)
            {
                await job.RunForPartnershipAsync((long)created.Args[0]!, ct);
            }
        }
    }

    /// <summary>The demo's promise: a year per customer, amber and red months, a metric with no data, a recomputed month and an open alert.</summary>
    [Theory, OnBothDatabases]
    public async Task The_demo_shows_a_year_of_scorecards_computed_by_the_job_code(DatabaseProvider provider)
    {
        var services = hosts.For(provider).Services;
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await services.GetRequiredService<PortalDatabase>().OpenAsync(ct);

        // The demo's partnerships only: other tests in the shared host add partnerships that the job's runs catch up too.
        var months = await connection.QueryAsync<(string Partnership, long Months)>(
            "SELECT p.name, COUNT(DISTINCT s.month) FROM scorecard_snapshots s JOIN partnerships p ON p.id = s.partnership_id GROUP BY p.name");
        months = months.Where(m => DemoData.Customers.Any(c => c.PartnershipName == m.Partnership)).ToList();
        var states = (await connection.QueryAsync<string>("SELECT supplier_state FROM scorecard_snapshots UNION SELECT customer_state FROM scorecard_snapshots")).ToList();
        var noData = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM scorecard_snapshots WHERE metrics_json LIKE '%\"NoData\"%'");
        var recomputed = await connection.QueryAsync<string>("SELECT computed_by_name FROM scorecard_snapshots WHERE revision = 2");
        var alerts = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM health_alerts WHERE state = 'Open'");

        Assert.Equal(DemoData.Customers.Count, months.Count());
        Assert.All(months, m => Assert.InRange(m.Months, 12, 13));
        Assert.Contains("Amber", states);
        Assert.Contains("Red", states);
        Assert.True(noData > 0);
        Assert.Contains("Alice Lindqvist", recomputed);
        Assert.True(alerts > 0);
    }

    private sealed class RecordingJobClient : IBackgroundJobClient
    {
        public List<Job> Created { get; } = [];

        public string Create(Job job, IState state)
        {
            Created.Add(job);
            return $"{Created.Count}";
        }

        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }
}
