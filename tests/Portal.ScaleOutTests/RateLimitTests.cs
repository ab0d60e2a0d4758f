using System.Net;
using Portal.ScaleOutTests.Cluster;

namespace Portal.ScaleOutTests;

/// <summary>Rate limits are counted by each node in its memory (docs/deploy.md): behind two nodes a client gets twice the limit.</summary>
[Collection(typeof(ScaleOutCollection))]
public sealed class RateLimitTests(TwoNodes cluster)
{
    private const int TokenPerClient = 10;

    [ScaleOutFact]
    public async Task Token_requests_are_limited_per_node_so_two_nodes_admit_twice_the_limit()
    {
        await cluster.EnsureBothUpAsync();
        using var http = new HttpClient { BaseAddress = cluster.Balancer.Web };
        var answers = new List<(HttpStatusCode Status, string ServedBy)>();
        for (var i = 0; i < 2 * TokenPerClient + 2; i++)
        {
            using var response = await http.PostAsync("/connect/token", ErpSide.Form("arcadia-erp", "arcadia-demo-secret-9K4m"));
            answers.Add((response.StatusCode, Browser.ServedByOf(response)));
        }

        Assert.All(answers.Take(2 * TokenPerClient), a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Equal(TokenPerClient, answers.Take(2 * TokenPerClient).Count(a => a.ServedBy == "a"));
        Assert.All(answers.Skip(2 * TokenPerClient), a => Assert.Equal(HttpStatusCode.TooManyRequests, a.Status));
    }
}
