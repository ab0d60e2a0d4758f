using System.Net;
using System.Text.RegularExpressions;
using Portal.ScaleOutTests.Cluster;

namespace Portal.ScaleOutTests;

/// <summary>
/// Both nodes run Hangfire servers on the shared PostgreSQL storage. The jobs' effects are made to be due again (the
/// rows that record them removed), then an admin triggers every recurring job (the dashboard's "Trigger now", with its csrf header) on node A's dashboard
/// and on node B's at the same moment: each job runs twice, on whichever node's workers take it, and each effect must
/// still happen once.
/// </summary>
[Collection(typeof(ScaleOutCollection))]
public sealed partial class RecurringJobTests(TwoNodes cluster)
{
    [ScaleOutFact]
    public async Task Every_recurring_job_triggered_on_both_nodes_at_once_takes_each_effect_once()
    {
        await cluster.EnsureBothUpAsync();
        var jobIds = await cluster.ListAsync("SELECT value FROM hangfire.set WHERE key = 'recurring-jobs' ORDER BY value");
        var credits = await cluster.CountAsync("SELECT count(*) FROM penalty_credits");
        var creditAlerts = await cluster.CountAsync("SELECT count(*) FROM credit_alerts");
        var loanAlerts = await cluster.CountAsync("SELECT count(*) FROM equipment_loan_overdue_alerts");
        const string snapshotKeys = "SELECT partnership_id || ':' || month || ':' || revision FROM scorecard_snapshots ORDER BY 1";
        var snapshots = await cluster.ListAsync(snapshotKeys);
        await cluster.ExecuteAsync("DELETE FROM penalty_credits; DELETE FROM guarantee_results; DELETE FROM credit_alerts; DELETE FROM equipment_loan_overdue_alerts");
        // The latest month's first snapshots that nothing else refers to (no alert, no later revision) become due again.
        await cluster.ExecuteAsync(
            """
            CREATE TEMP TABLE redo AS SELECT s.id FROM scorecard_snapshots s
            WHERE s.month = (SELECT max(month) FROM scorecard_snapshots) AND s.revision = 1
              AND NOT EXISTS (SELECT 1 FROM health_alerts a WHERE a.snapshot_id = s.id)
              AND NOT EXISTS (SELECT 1 FROM scorecard_snapshots r WHERE r.partnership_id = s.partnership_id AND r.month = s.month AND r.revision > 1);
            DELETE FROM scorecard_snapshots WHERE id IN (SELECT id FROM redo);
            DROP TABLE redo;
            DELETE FROM review_action_notices; DELETE FROM work_digests;
            """);
        var lastJob = await cluster.CountAsync("SELECT coalesce(max(id), 0) FROM hangfire.job");
        var lastNotification = await cluster.CountAsync("SELECT coalesce(max(id), 0) FROM notifications");
        using var admin = new Browser(cluster.Balancer.Web);
        await admin.SignInAsync("admin@helix.example");
        using var onA = new Browser(cluster.A.Web, admin.Cookies);
        using var onB = new Browser(cluster.B.Web, admin.Cookies);
        var (dashboardA, dashboardB) = (await onA.GetAsync("/jobs/recurring"), await onB.GetAsync("/jobs/recurring"));

        var triggered = await Task.WhenAll(TriggerAsync(onA, dashboardA, jobIds), TriggerAsync(onB, dashboardB, jobIds));
        var jobs = await WaitUntilAllJobsSucceededAsync(lastJob, atLeast: 2 * jobIds.Count);

        // A new recurring job fails this line on purpose: add the effect it must take once to the assertions below.
        Assert.Equal(["change-feed-retention", "credit-alerts", "guarantee-evaluation", "loan-overdue", "notice-digest", "notification-retention", "partnership-scorecards",
            "review-action-item-notices", "work-digest"], jobIds);
        // Every month that had a scorecard has one again. Not the same count: other tests in the collection push ERP
        // history with older orders, which starts a partnership's scorecards earlier, so the catch-up may add months.
        Assert.Empty(snapshots.Except(await cluster.ListAsync(snapshotKeys)));
        Assert.Equal(0, await cluster.CountAsync("SELECT count(*) FROM (SELECT 1 FROM work_digests GROUP BY user_id, digest_on HAVING count(*) > 1) AS repeated"));
        Assert.Equal(0, await cluster.CountAsync("SELECT count(*) FROM (SELECT 1 FROM notifications WHERE digest_on IS NOT NULL GROUP BY user_id, digest_on HAVING count(*) > 1) AS repeated"));
        Assert.All(triggered, page => Assert.Equal(HttpStatusCode.NoContent, page.Status));
        Assert.True(credits > 0 && loanAlerts > 0, $"The demo has nothing for the jobs to redo: {credits} credits, {loanAlerts} loan alerts.");
        // Not the seeded count: the demo syncs late receipts for months the seed had judged already (the scorecard story),
        // so a fresh evaluation may judge a period differently. Once per guarantee and period is what must hold.
        Assert.True(await cluster.CountAsync("SELECT count(*) FROM penalty_credits") > 0, "No penalty credit was issued again.");
        Assert.Equal(0, await cluster.CountAsync("SELECT count(*) FROM (SELECT 1 FROM penalty_credits GROUP BY guarantee_id, period_start HAVING count(*) > 1) AS repeated"));
        // The demo seed does not run the credit alerts (Nordlab is at about 90 %): the first run raises them.
        Assert.True(await cluster.CountAsync("SELECT count(*) FROM credit_alerts") >= Math.Max(1, creditAlerts), "No credit alert was raised.");
        Assert.Equal(loanAlerts, await cluster.CountAsync("SELECT count(*) FROM equipment_loan_overdue_alerts"));
        Assert.Equal(0, await cluster.CountAsync("""
            SELECT count(*) FROM (SELECT 1 FROM notifications WHERE id > @p GROUP BY user_id, partnership_id, title, body, link HAVING count(*) > 1) AS repeated
            """, lastNotification));
        Assert.True(await cluster.CountAsync("SELECT count(*) FROM notifications WHERE id > @p", lastNotification) > 0, "The jobs notified nobody.");
        var servers = await cluster.ListAsync("""
            SELECT s.data::json ->> 'ServerId' FROM hangfire.state s WHERE s.name = 'Processing' AND s.jobid > @p
            """, lastJob);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{jobs} jobs ran; on node a: {servers.Count(s => s.Contains($":{cluster.A.ProcessId}:", StringComparison.Ordinal))}, on node b: {servers.Count(s => s.Contains($":{cluster.B.ProcessId}:", StringComparison.Ordinal))}.");
    }

    private static async Task<Browser.Page> TriggerAsync(Browser node, Browser.Page dashboard, IEnumerable<string> jobIds) =>
        await node.PostFieldsAsync("/jobs/recurring/trigger", jobIds.Select(id => new KeyValuePair<string, string>("jobs[]", id)),
            AntiforgeryHeader().Match(dashboard.Body).Groups[1].Value, WebUtility.HtmlDecode(AntiforgeryToken().Match(dashboard.Body).Groups[1].Value));

    /// <summary>Until every job created after <paramref name="lastJob"/> (the triggered ones and those they fan out) has succeeded.</summary>
    private async Task<long> WaitUntilAllJobsSucceededAsync(long lastJob, int atLeast)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        var settled = 0;
        while (true)
        {
            var failed = await cluster.CountAsync("SELECT count(*) FROM hangfire.job WHERE id > @p AND statename = 'Failed'", lastJob);
            Assert.True(failed == 0, $"{failed} jobs failed.\n{cluster.Logs()}");
            var total = await cluster.CountAsync("SELECT count(*) FROM hangfire.job WHERE id > @p", lastJob);
            var pending = await cluster.CountAsync("SELECT count(*) FROM hangfire.job WHERE id > @p AND statename IS DISTINCT FROM 'Succeeded'", lastJob);
            // Settled twice in a row: a job that just succeeded may still be enqueueing the ones it fans out to.
            settled = total >= atLeast && pending == 0 ? settled + 1 : 0;
            if (settled == 2) return total;
            Assert.True(DateTime.UtcNow < deadline, $"{pending} of {total} jobs still not done after two minutes.");
            await Task.Delay(500);
        }
    }

    [GeneratedRegex("<meta name=\"csrf-header\" content=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryHeader();

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
