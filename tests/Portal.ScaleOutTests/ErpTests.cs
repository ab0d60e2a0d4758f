using Portal.Erp.V1;
using Portal.ErpSim;
using Portal.ScaleOutTests.Cluster;

namespace Portal.ScaleOutTests;

/// <summary>An ERP system's calls through the balancer and to each node, with tokens either node issued.</summary>
[Collection(typeof(ScaleOutCollection))]
public sealed class ErpTests(TwoNodes cluster)
{
    [ScaleOutFact]
    public async Task A_token_issued_by_one_node_is_accepted_by_the_other()
    {
        await cluster.EnsureBothUpAsync();
        var fromA = await ErpSide.TokenAsync(cluster.A.Web);
        var fromB = await ErpSide.TokenAsync(cluster.B.Web);
        using var onA = ErpSide.Channel(cluster.A.Grpc);
        using var onB = ErpSide.Channel(cluster.B.Grpc);

        var seenByB = await new PartnershipsService.PartnershipsServiceClient(onB).GetPartnershipAsync(new GetPartnershipRequest(), ErpSide.Bearer(fromA));
        var seenByA = await new PartnershipsService.PartnershipsServiceClient(onA).GetPartnershipAsync(new GetPartnershipRequest(), ErpSide.Bearer(fromB));

        Assert.Equal(seenByA, seenByB);
        Assert.Contains("Nordlab", seenByB.Name);
    }

    [ScaleOutFact]
    public async Task A_batch_synced_through_the_balancer_and_the_issue_raised_on_it_are_in_both_nodes_change_feeds()
    {
        await cluster.EnsureBothUpAsync();
        using var erp = new PortalConnection(new Uri(cluster.Balancer.Web, "/connect/token"), cluster.Balancer.Grpc, ErpSide.ClientId, ErpSide.Secret);
        var history = ErpHistoryGenerator.Generate(seed: 1801, size: 5).ToList();
        var pushed = await PushCommand.RunAsync(erp, history, $"feeds-{Guid.NewGuid():N}", stream: false, batchSize: 100, TextWriter.Null, TestContext.Current.CancellationToken);
        var delivery = history.First(e => e.Delivery is not null).Delivery;

        var raised = await new QualityIssuesService.QualityIssuesServiceClient(erp.Channel).RaiseQualityIssueAsync(new RaiseQualityIssueRequest
        {
            RequestId = $"raise-{Guid.NewGuid():N}", DeliveryExternalId = delivery.ExternalId, DeliveryLineNo = delivery.Lines[0].LineNo,
            Title = "Seal leaks at the inlet", Description = "Found at incoming inspection.", Severity = Severity.Major, QuantityAffected = 1, QuantityInspected = 5,
        }, await erp.HeadersAsync(TestContext.Current.CancellationToken));
        var feeds = new List<List<Change>>();
        foreach (var node in cluster.Nodes)
        {
            using var channel = ErpSide.Channel(node.Grpc);
            feeds.Add((await ErpSide.ReadFeedAsync(new ChangeFeedService.ChangeFeedServiceClient(channel), ErpSide.Bearer(await ErpSide.TokenAsync(node.Web)))).Changes);
        }

        Assert.Equal(history.Count, pushed.Created);
        var onA = Assert.Single(feeds[0], c => c.Entity == ChangeEntity.QualityIssue && c.EntityId == raised.Issue.Id);
        var onB = Assert.Single(feeds[1], c => c.Entity == ChangeEntity.QualityIssue && c.EntityId == raised.Issue.Id);
        Assert.Equal((ChangeAction.Raised, onA.Position), (onB.Action, onB.Position));
        Assert.Equal(feeds[0].Select(c => c.Position), feeds[1].Select(c => c.Position));
    }

    [ScaleOutFact]
    public async Task A_watch_on_node_B_from_node_As_cursor_sees_a_change_written_on_node_A()
    {
        await cluster.EnsureBothUpAsync();
        using var onA = new PortalConnection(new Uri(cluster.A.Web, "/connect/token"), cluster.A.Grpc, ErpSide.ClientId, ErpSide.Secret);
        using var onB = ErpSide.Channel(cluster.B.Grpc);
        var history = ErpHistoryGenerator.Generate(seed: 1802, size: 5).ToList();
        await PushCommand.RunAsync(onA, history, $"watch-{Guid.NewGuid():N}", stream: false, batchSize: 100, TextWriter.Null, TestContext.Current.CancellationToken);
        var delivery = history.First(e => e.Delivery is not null).Delivery;
        var headersOnB = ErpSide.Bearer(await ErpSide.TokenAsync(cluster.B.Web));
        var feedOnB = new ChangeFeedService.ChangeFeedServiceClient(onB);
        // The head cursor is sealed on node A and followed on node B: the nodes share the keys that seal cursors.
        var (_, head) = await ErpSide.ReadFeedAsync(new ChangeFeedService.ChangeFeedServiceClient(onA.Channel), await onA.HeadersAsync(TestContext.Current.CancellationToken));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var watch = feedOnB.WatchChanges(new WatchChangesRequest { Cursor = head }, headersOnB, cancellationToken: timeout.Token);

        var raised = await new QualityIssuesService.QualityIssuesServiceClient(onA.Channel).RaiseQualityIssueAsync(new RaiseQualityIssueRequest
        {
            RequestId = $"raise-{Guid.NewGuid():N}", DeliveryExternalId = delivery.ExternalId, DeliveryLineNo = delivery.Lines[0].LineNo,
            Title = "Wrong connector fitted", Description = "Found at incoming inspection.", Severity = Severity.Minor, QuantityAffected = 2, QuantityInspected = 5,
        }, await onA.HeadersAsync(TestContext.Current.CancellationToken));

        Assert.True(await watch.ResponseStream.MoveNext(timeout.Token));
        var change = watch.ResponseStream.Current.Change;
        Assert.Equal((ChangeEntity.QualityIssue, raised.Issue.Id, ChangeAction.Raised), (change.Entity, change.EntityId, change.Action));
    }
}
