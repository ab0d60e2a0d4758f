using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Data.Database;
using Portal.Data.Guarantees;
using Portal.Web.Jobs;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Jobs;

public sealed class GuaranteeEvaluationJobTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task The_daily_run_queues_one_short_job_per_partnership_with_guarantees(DatabaseProvider provider)
    {
        var services = hosts.For(provider).Services;
        var recorder = new RecordingJobClient();
        var job = new GuaranteeEvaluationJob(services.GetRequiredService<GuaranteeStore>(), services.GetRequiredService<GuaranteeEvaluator>(), recorder,
            NullLogger<GuaranteeEvaluationJob>.Instance);

        await job.RunAsync(TestContext.Current.CancellationToken);

        var expected = await services.GetRequiredService<GuaranteeStore>().GetPartnershipsWithGuaranteesAsync(TestContext.Current.CancellationToken);
        Assert.Equal(2, expected.Count);
        Assert.All(recorder.Created, j => Assert.Equal(nameof(GuaranteeEvaluationJob.RunForPartnershipAsync), j.Method.Name));
        Assert.Equal(expected, recorder.Created.Select(j => (long)j.Args[0]!));
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
