using Portal.ScaleOutTests.Cluster;

namespace Portal.ScaleOutTests;

[Collection(typeof(ScaleOutCollection))]
public sealed class StartTogetherTests(TwoNodes cluster)
{
    [ScaleOutFact]
    public async Task Two_nodes_started_at_the_same_moment_migrate_seed_and_install_the_job_storage_once()
    {
        var scripts = Directory.GetFiles(Path.Combine(PortalNode.RepositoryRoot, "sql", "postgres"), "*.sql").Length;

        Assert.Equal(scripts, await cluster.CountAsync("SELECT count(*) FROM schemaversions"));
        Assert.Equal(scripts, await cluster.CountAsync("SELECT count(DISTINCT scriptname) FROM schemaversions"));
        Assert.Equal(3, await cluster.CountAsync("SELECT count(*) FROM organisations"));
        Assert.Equal(10, await cluster.CountAsync("SELECT count(*) FROM users"));
        Assert.Equal(2, await cluster.CountAsync("SELECT count(*) FROM partnerships"));
        Assert.Equal(2, await cluster.CountAsync("SELECT count(*) FROM erp_clients"));
        Assert.Equal(3, await cluster.CountAsync("SELECT count(*) FROM guarantees"));
        Assert.Equal(16, await cluster.CountAsync("SELECT count(*) FROM items WHERE external_id LIKE 'ITEM-%'"));
        Assert.Equal(1, await cluster.CountAsync("SELECT count(*) FROM hangfire.schema"));
        // Both run a Hangfire server (a node killed by another test leaves its entry until Hangfire times it out).
        Assert.True(await cluster.CountAsync("SELECT count(*) FROM hangfire.server") >= 2);
    }
}
