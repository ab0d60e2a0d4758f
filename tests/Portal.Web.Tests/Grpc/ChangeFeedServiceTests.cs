using Dapper;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Data.ChangeFeed;
using Portal.Data.Database;
using Portal.Data.ErpClients;
using Portal.Data.Tenancy;
using Portal.Erp.V1;
using Portal.Grpc.Mapping;
using Portal.Web.Jobs;
using Portal.Web.Tests.Infrastructure;
using Portal.Web.Tests.Tenancy;

namespace Portal.Web.Tests.Grpc;

/// <summary>
/// An ERP client follows Nordlab's change feed through the real token endpoint. Other tests append to the same feed
/// meanwhile, so these look for their own entries and check order and continuity rather than exact contents.
/// </summary>
public sealed class ChangeFeedServiceTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task Paging_from_the_start_returns_every_position_once_and_the_next_cursor_resumes(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        var reader = await portal.CreateAsync(ErpScopes.Read, ErpScopes.Sync);
        var headers = PortalFactory.Bearer(await portal.GetTokenAsync(reader.Client.ClientId, reader.Secret));
        using var channel = portal.CreateGrpcChannel();
        var feed = new ChangeFeedService.ChangeFeedServiceClient(channel);

        var (all, cursor) = await ReadToHeadAsync(feed, headers, "", maxChanges: 3);

        Assert.NotEmpty(all);
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(c => c.Position));
        // Cursors are sealed afresh each time (never the same text twice); the next cursor names the last change's place.
        var cursors = portal.Services.GetRequiredService<FeedCursors>();
        Assert.Equal(all[^1].Position, cursors.Decode(cursor, a.PartnershipId));
        Assert.Equal(all[^1].Position, cursors.Decode(all[^1].Cursor, a.PartnershipId));
        var lag = (await ReadersAsync(portal, a.PartnershipId)).Single(r => r.ClientId == reader.Client.ClientId);
        Assert.Equal(all[^1].Position, lag.LastPosition);
        var resumed = await feed.GetChangesAsync(new GetChangesRequest { Cursor = all[0].Cursor, MaxChanges = 2 }, headers, cancellationToken: Ct);
        Assert.Equal(all.Skip(1).Take(2).Select(c => c.Position), resumed.Changes.Select(c => c.Position));

        var raised = await RaiseAsync(channel, headers, a, "Paged");
        var next = await feed.GetChangesAsync(new GetChangesRequest { Cursor = cursor, MaxChanges = 1000 }, headers, cancellationToken: Ct);

        Assert.Equal(all[^1].Position + 1, next.Changes[0].Position);
        var ours = Assert.Single(next.Changes, c => c.Entity == ChangeEntity.QualityIssue && c.EntityId == raised.Id);
        Assert.Equal((ChangeAction.Raised, raised.Title, Severity.Major), (ours.Action, ours.QualityIssue.Title, ours.QualityIssue.Severity));
        Assert.Equal((1, 4, "D1"), (ours.QualityIssue.QuantityAffected, ours.QualityIssue.QuantityInspected, ours.QualityIssue.Steps[0].Step));
        Assert.True(ours.OccurredAt.ToDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Theory, OnBothDatabases]
    public async Task Action_items_owned_by_the_customers_people_reach_the_feed_and_the_suppliers_do_not(DatabaseProvider provider)
    {
        var all = await ReadWholeFeedAsync(hosts.For(provider));

        // The demo's reviews gave Leo a forecast to share (still open) and Nina a second source to evaluate (dropped); Alice's items stay off the feed.
        var actions = all.Where(c => c.Entity == ChangeEntity.ActionItem).ToList();
        Assert.Contains(actions, c => c.Action == ChangeAction.Dropped && c.ActionItem.Owner == "Nina Holm" && c.ActionItem.DropReason.Length > 0);
        Assert.Contains(actions, c => c.ActionItem.Title == "Share the 12-month volume forecast" && c.ActionItem.State == ActionItemState.Open);
        Assert.DoesNotContain(actions, c => c.ActionItem.Owner == "Alice Lindqvist");
        Assert.All(actions, c => Assert.Equal(Change.RecordOneofCase.ActionItem, c.RecordCase));
    }

    [Theory, OnBothDatabases]
    public async Task Every_change_carries_its_entitys_typed_record_and_a_known_action(DatabaseProvider provider)
    {
        var all = await ReadWholeFeedAsync(hosts.For(provider));

        Assert.All(all, c =>
        {
            Assert.NotEqual(ChangeAction.Unspecified, c.Action);
            Assert.Equal(c.Entity.ToString(), c.RecordCase.ToString());
            Assert.Equal(c.Action.ToString().StartsWith("Step", StringComparison.Ordinal), c.Step.Length > 0);
        });
        // The demo's credit, loans and issues reach the feed with numbers as numbers and states as the contract's enums.
        Assert.Contains(all, c => c.CreditLine is { Limit.AmountMinor: > 0, PaymentTermsDays: > 0 });
        Assert.Contains(all, c => c.EquipmentLoan is { State: not EquipmentLoanState.Unspecified, MonthlyFee.AmountMinor: > 0 });
        Assert.Contains(all, c => c.QualityIssue is { Severity: Severity.Critical, QuantityAffected: > 0 });
    }

    [Theory, OnBothDatabases]
    public async Task A_malformed_cursor_another_partnerships_cursor_and_a_bad_size_are_invalid_arguments(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        var reader = await portal.CreateAsync(ErpScopes.Read);
        var headers = PortalFactory.Bearer(await portal.GetTokenAsync(reader.Client.ClientId, reader.Secret));
        using var channel = portal.CreateGrpcChannel();
        var feed = new ChangeFeedService.ChangeFeedServiceClient(channel);
        long otherPartnership;
        await using (var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(Ct))
        {
            otherPartnership = await connection.ExecuteScalarAsync<long>("SELECT MIN(id) FROM partnerships WHERE id <> @PartnershipId", new { a.PartnershipId });
        }

        var cursors = portal.Services.GetRequiredService<FeedCursors>();
        var valid = cursors.Encode(a.PartnershipId, 0);
        // Garbage, the readable cursors of old, a changed one, another partnership's, and one beyond the head.
        string[] badCursors = ["not a cursor", "djE6MTox", ContractValues.Tampered(valid), cursors.Encode(otherPartnership, 0), cursors.Encode(a.PartnershipId, long.MaxValue)];
        var refusals = new List<string>();
        foreach (var cursor in badCursors)
        {
            refusals.Add(await AssertFieldErrorAsync("cursor", feed.GetChangesAsync(new GetChangesRequest { Cursor = cursor }, headers, cancellationToken: Ct).ResponseAsync));
            using var watch = feed.WatchChanges(new WatchChangesRequest { Cursor = cursor }, headers, cancellationToken: Ct);
            refusals.Add(await AssertFieldErrorAsync("cursor", watch.ResponseStream.MoveNext(Ct)));
        }
        await AssertFieldErrorAsync("max_changes", feed.GetChangesAsync(new GetChangesRequest { MaxChanges = 1001 }, headers, cancellationToken: Ct).ResponseAsync);
        await AssertFieldErrorAsync("max_changes", feed.GetChangesAsync(new GetChangesRequest { MaxChanges = -1 }, headers, cancellationToken: Ct).ResponseAsync);

        // Another partnership's cursor reads exactly like garbage: nothing confirms that it exists.
        Assert.Single(refusals.Distinct());
        Assert.NotEmpty((await feed.GetChangesAsync(new GetChangesRequest { MaxChanges = 1000 }, headers, cancellationToken: Ct)).Changes);
    }

    [Theory, OnBothDatabases]
    public async Task Watching_sends_an_entry_committed_after_the_watch_began_and_stops_on_cancel(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        var client = await portal.CreateAsync(ErpScopes.Read, ErpScopes.Sync);
        var headers = PortalFactory.Bearer(await portal.GetTokenAsync(client.Client.ClientId, client.Secret));
        using var channel = portal.CreateGrpcChannel();
        var feed = new ChangeFeedService.ChangeFeedServiceClient(channel);
        var (existing, _) = await ReadToHeadAsync(feed, headers, "", maxChanges: 1000);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        watching.CancelAfter(TimeSpan.FromSeconds(30));

        // From one before the head: the first message proves the stream is live before the issue is raised.
        using var watch = feed.WatchChanges(new WatchChangesRequest { Cursor = existing[^2].Cursor }, headers, cancellationToken: watching.Token);
        Assert.True(await watch.ResponseStream.MoveNext(watching.Token));
        Assert.Equal(existing[^1].Position, watch.ResponseStream.Current.Change.Position);
        var raised = await RaiseAsync(channel, headers, a, "Watched");
        var received = new List<Change>();
        while (!received.Any(c => c.EntityId == raised.Id && c.Entity == ChangeEntity.QualityIssue) && await watch.ResponseStream.MoveNext(watching.Token))
        {
            received.Add(watch.ResponseStream.Current.Change);
        }

        Assert.Equal(Enumerable.Range(0, received.Count).Select(i => existing[^1].Position + 1 + i), received.Select(c => c.Position));
        Assert.Equal((ChangeAction.Raised, Change.RecordOneofCase.QualityIssue), (received[^1].Action, received[^1].RecordCase));
        await watching.CancelAsync();
        var stopped = await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.Cancelled, stopped.StatusCode);
    }

    [Theory, OnBothDatabases]
    public async Task Revoking_a_client_ends_its_watch(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var client = await portal.CreateAsync(ErpScopes.Read);
        var headers = PortalFactory.Bearer(await portal.GetTokenAsync(client.Client.ClientId, client.Secret));
        using var channel = portal.CreateGrpcChannel();
        var feed = new ChangeFeedService.ChangeFeedServiceClient(channel);
        var first = await feed.GetChangesAsync(new GetChangesRequest { MaxChanges = 1 }, headers, cancellationToken: Ct);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        watching.CancelAfter(TimeSpan.FromSeconds(30));
        using var watch = feed.WatchChanges(new WatchChangesRequest { Cursor = first.NextCursor }, headers, cancellationToken: watching.Token);
        Assert.True(await watch.ResponseStream.MoveNext(watching.Token));

        await portal.RevokeAsync(client.Client.ClientId);

        var ended = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await watch.ResponseStream.MoveNext(watching.Token))
            {
            }
        });
        Assert.Equal(StatusCode.Unauthenticated, ended.StatusCode);
    }

    [Theory, OnBothDatabases]
    public async Task Following_the_feed_needs_erp_read(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var syncOnly = await portal.CreateAsync(ErpScopes.Sync);
        var headers = PortalFactory.Bearer(await portal.GetTokenAsync(syncOnly.Client.ClientId, syncOnly.Secret));
        using var channel = portal.CreateGrpcChannel();
        var feed = new ChangeFeedService.ChangeFeedServiceClient(channel);

        await PartnershipsServiceTests.AssertStatusAsync(StatusCode.PermissionDenied, feed.GetChangesAsync(new GetChangesRequest(), headers, cancellationToken: Ct).ResponseAsync);
        using var watch = feed.WatchChanges(new WatchChangesRequest(), headers, cancellationToken: Ct);
        await PartnershipsServiceTests.AssertStatusAsync(StatusCode.PermissionDenied, watch.ResponseStream.MoveNext(Ct));
    }

    [Theory, OnBothDatabases]
    public async Task A_cursor_behind_the_retention_is_a_failed_precondition_naming_where_to_resume(DatabaseProvider provider)
    {
        await using var portal = new PortalFactory(provider, new FakeTimeProvider(DateTimeOffset.UtcNow));
        var a = await CustomerA.LoadAsync(portal);
        var client = await portal.CreateAsync(ErpScopes.Read, ErpScopes.Sync);
        using var channel = portal.CreateGrpcChannel();
        var feed = new ChangeFeedService.ChangeFeedServiceClient(channel);
        var first = await feed.GetChangesAsync(new GetChangesRequest { MaxChanges = 1 },
            PortalFactory.Bearer(await portal.GetTokenAsync(client.Client.ClientId, client.Secret)), cancellationToken: Ct);

        portal.Clock!.Advance(TimeSpan.FromDays(portal.Services.GetRequiredService<ChangeFeedOptions>().RetentionDays + 1));
        var headers = PortalFactory.Bearer(await portal.GetTokenAsync(client.Client.ClientId, client.Secret));
        var raised = await RaiseAsync(channel, headers, a, "Kept");
        // The daily run hands each partnership with old entries a job of its own; run those here, in order.
        var fanOut = new RecordingJobClient();
        var retention = ActivatorUtilities.CreateInstance<ChangeFeedRetentionJob>(portal.Services, fanOut);
        await retention.RunAsync(Ct);
        Assert.Contains(a.PartnershipId, fanOut.PartnershipIds);
        foreach (var partnershipId in fanOut.PartnershipIds)
        {
            await retention.RunForPartnershipAsync(partnershipId, Ct);
        }

        var expired = await Assert.ThrowsAsync<RpcException>(() => feed.GetChangesAsync(new GetChangesRequest { Cursor = first.NextCursor }, headers, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, expired.StatusCode);
        Assert.Contains("Resync", expired.Status.Detail, StringComparison.Ordinal);
        var info = expired.GetRpcStatus()!.GetDetail<ErrorInfo>();
        Assert.Equal("CURSOR_EXPIRED", info.Reason);
        using (var watch = feed.WatchChanges(new WatchChangesRequest { Cursor = first.NextCursor }, headers, cancellationToken: Ct))
        {
            await PartnershipsServiceTests.AssertStatusAsync(StatusCode.FailedPrecondition, watch.ResponseStream.MoveNext(Ct));
        }

        // An empty cursor starts at the oldest entry kept; the head cursor from the error follows on from the resync.
        var fromStart = await feed.GetChangesAsync(new GetChangesRequest { MaxChanges = 1000 }, headers, cancellationToken: Ct);
        Assert.Equal(long.Parse(info.Metadata["oldest_position"], System.Globalization.CultureInfo.InvariantCulture), fromStart.Changes[0].Position);
        Assert.Contains(fromStart.Changes, c => c.EntityId == raised.Id && c.Action == ChangeAction.Raised);
        var fromHead = await feed.GetChangesAsync(new GetChangesRequest { Cursor = info.Metadata["head_cursor"] }, headers, cancellationToken: Ct);
        Assert.Empty(fromHead.Changes);
        Assert.True(fromHead.HeadReached);
    }

    /// <summary>Customer A's feed from its start to the head, read by a new erp.read client.</summary>
    private static async Task<List<Change>> ReadWholeFeedAsync(PortalFactory portal)
    {
        await CustomerA.LoadAsync(portal);
        var reader = await portal.CreateAsync(ErpScopes.Read);
        var headers = PortalFactory.Bearer(await portal.GetTokenAsync(reader.Client.ClientId, reader.Secret));
        using var channel = portal.CreateGrpcChannel();
        return (await ReadToHeadAsync(new ChangeFeedService.ChangeFeedServiceClient(channel), headers, "", maxChanges: 1000)).Changes;
    }

    /// <summary>Pages until the head: every change once, in order, and the cursor to go on from.</summary>
    private static async Task<(List<Change> Changes, string Cursor)> ReadToHeadAsync(ChangeFeedService.ChangeFeedServiceClient feed, Metadata headers, string cursor, int maxChanges)
    {
        var all = new List<Change>();
        GetChangesResponse page;
        do
        {
            page = await feed.GetChangesAsync(new GetChangesRequest { Cursor = cursor, MaxChanges = maxChanges }, headers, cancellationToken: Ct);
            Assert.InRange(page.Changes.Count, 0, maxChanges);
            all.AddRange(page.Changes);
            cursor = page.NextCursor;
        }
        while (!page.HeadReached);
        return (all, cursor);
    }

    private static async Task<Erp.V1.QualityIssue> RaiseAsync(GrpcChannel channel, Metadata headers, CustomerA a, string title)
    {
        var response = await new QualityIssuesService.QualityIssuesServiceClient(channel).RaiseQualityIssueAsync(new RaiseQualityIssueRequest
        {
            RequestId = $"feed-test-{Guid.NewGuid():N}", DeliveryExternalId = a.DeliveryExternalId, DeliveryLineNo = 1,
            Title = $"{title} {Guid.NewGuid():N}", Description = "Seen on the change feed.", Severity = Severity.Major, QuantityAffected = 1, QuantityInspected = 4,
        }, headers, cancellationToken: Ct);
        return response.Issue;
    }

    private static async Task<IReadOnlyList<FeedReader>> ReadersAsync(PortalFactory portal, long partnershipId) =>
        await portal.Services.GetRequiredService<FeedReadStore>().ListForPartnershipAsync(CallerScope.ForSystem("test", partnershipId), partnershipId, Ct);

    /// <summary>Asserts a field violation on exactly <paramref name="field"/> and returns the refusal's text.</summary>
    private static async Task<string> AssertFieldErrorAsync(string field, Task call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violations = error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations;
        Assert.Equal([field], violations.Select(v => v.Field));
        return string.Join("|", violations.Select(v => v.Description));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Keeps what a job enqueues instead of running it, so the test runs the fanned-out jobs itself.</summary>
    private sealed class RecordingJobClient : IBackgroundJobClient
    {
        public List<long> PartnershipIds { get; } = [];

        public string Create(Job job, IState state)
        {
            Assert.Equal(nameof(ChangeFeedRetentionJob.RunForPartnershipAsync), job.Method.Name);
            PartnershipIds.Add((long)job.Args[0]);
            return PartnershipIds.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }
}
