using System.Net;
using Grpc.Core;
using Dapper;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Database;
using Portal.Data.Scorecards;
using Portal.Data.Tenancy;
using Portal.Erp.V1;
using ScorecardMetric = Portal.Data.Scorecards.ScorecardMetric;
using Portal.Web.Jobs;
using Portal.Web.Seed;
using Portal.Web.Tests.Infrastructure;
using Portal.Web.Tests.Tenancy;

namespace Portal.Web.Tests.QueryPlans;

/// <summary>
/// Everything that reads the database on someone's behalf, run once against customer A (Nordlab): every page a person
/// can GET, as a supplier account lead, supplier Finance, a customer lead and an admin; every gRPC read, as A's ERP
/// client with a real token; and every recurring job, its fan-out and one partnership's share of the work.
/// </summary>
public static class ProductTour
{
    private static readonly string[] People = ["alice.lead@helix.example", "fay.finance@helix.example", "leo.lead@nordlab.example", "admin@helix.example"];

    /// <summary>The gRPC methods that only read; every other method the portal serves must be named in <see cref="GrpcNotReads"/>.</summary>
    public static readonly IReadOnlyDictionary<string, Func<ChannelBase, Metadata, CustomerA, Task>> GrpcReads = new Dictionary<string, Func<ChannelBase, Metadata, CustomerA, Task>>
    {
        ["portal.erp.v1.PartnershipsService/GetPartnership"] = async (c, h, _) => await new PartnershipsService.PartnershipsServiceClient(c).GetPartnershipAsync(new GetPartnershipRequest(), h),
        ["portal.erp.v1.QualityIssuesService/ListQualityIssues"] = async (c, h, _) =>
        {
            var client = new QualityIssuesService.QualityIssuesServiceClient(c);
            var first = await client.ListQualityIssuesAsync(new ListQualityIssuesRequest { PageSize = 2, State = QualityIssueState.Open, Severity = Severity.Major }, h);
            await client.ListQualityIssuesAsync(new ListQualityIssuesRequest { PageSize = 2, PageToken = first.NextPageToken, State = QualityIssueState.Open, Severity = Severity.Major }, h);
        },
        ["portal.erp.v1.QualityIssuesService/GetQualityIssue"] = async (c, h, a) =>
            await new QualityIssuesService.QualityIssuesServiceClient(c).GetQualityIssueAsync(new GetQualityIssueRequest { Id = a.QualityIssueId }, h),
        ["portal.erp.v1.DesignRequestsService/ListDesignRequests"] = async (c, h, _) =>
        {
            var client = new DesignRequestsService.DesignRequestsServiceClient(c);
            var first = await client.ListDesignRequestsAsync(new ListDesignRequestsRequest { PageSize = 2, Stage = DesignStage.Feasibility }, h);
            await client.ListDesignRequestsAsync(new ListDesignRequestsRequest { PageSize = 2, PageToken = first.NextPageToken, Stage = DesignStage.Feasibility }, h);
        },
        ["portal.erp.v1.DesignRequestsService/GetDesignRequest"] = async (c, h, a) =>
            await new DesignRequestsService.DesignRequestsServiceClient(c).GetDesignRequestAsync(new GetDesignRequestRequest { Id = a.DesignRequestId }, h),
        ["portal.erp.v1.ChangeFeedService/GetChanges"] = async (c, h, _) =>
        {
            var feed = new ChangeFeedService.ChangeFeedServiceClient(c);
            var first = await feed.GetChangesAsync(new GetChangesRequest { MaxChanges = 10 }, h);
            await feed.GetChangesAsync(new GetChangesRequest { Cursor = first.NextCursor, MaxChanges = 1000 }, h);
        },
        ["portal.erp.v1.ChangeFeedService/WatchChanges"] = async (c, h, _) =>
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            using var watch = new ChangeFeedService.ChangeFeedServiceClient(c).WatchChanges(new WatchChangesRequest(), h, cancellationToken: stop.Token);
            // The backlog, then one wait for news; watching never ends by itself.
            stop.CancelAfter(TimeSpan.FromSeconds(1));
            try
            {
                while (await watch.ResponseStream.MoveNext(stop.Token))
                {
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && stop.IsCancellationRequested)
            {
            }
        },
        ["portal.erp.v1.CreditService/GetCreditPosition"] = async (c, h, _) => await new CreditService.CreditServiceClient(c).GetCreditPositionAsync(new GetCreditPositionRequest(), h),
        ["portal.erp.v1.ActionItemsService/ListActionItems"] = async (c, h, _) =>
        {
            var client = new ActionItemsService.ActionItemsServiceClient(c);
            var first = await client.ListActionItemsAsync(new ListActionItemsRequest { PageSize = 1 }, h);
            await client.ListActionItemsAsync(new ListActionItemsRequest { PageSize = 1, PageToken = first.NextPageToken }, h);
            await client.ListActionItemsAsync(new ListActionItemsRequest { State = ActionItemState.Open }, h);
        },
        ["portal.erp.v1.ActionItemsService/GetActionItem"] = async (c, h, a) =>
            await new ActionItemsService.ActionItemsServiceClient(c).GetActionItemAsync(new GetActionItemRequest { Id = a.CustomerActionItemId }, h),
        ["portal.erp.v1.ScorecardService/GetScorecard"] = async (c, h, _) =>
        {
            var client = new ScorecardService.ScorecardServiceClient(c);
            var latest = await client.GetScorecardAsync(new GetScorecardRequest(), h);
            await client.GetScorecardAsync(new GetScorecardRequest { Year = latest.Scorecard.Year, Month = latest.Scorecard.Month }, h);
        },
        ["portal.erp.v1.ScorecardService/ListScorecards"] = async (c, h, _) =>
        {
            var client = new ScorecardService.ScorecardServiceClient(c);
            var first = await client.ListScorecardsAsync(new ListScorecardsRequest { PageSize = 2 }, h);
            await client.ListScorecardsAsync(new ListScorecardsRequest { PageSize = 2, PageToken = first.NextPageToken }, h);
        },
        ["portal.erp.v1.ErpSyncService/GetStreamPosition"] = async (c, h, _) =>
            await new ErpSyncService.ErpSyncServiceClient(c).GetStreamPositionAsync(new GetStreamPositionRequest { StreamId = "query-plans" }, h),
    };

    /// <summary>Writes (their reads are the sync's, measured by the sync's own tests) and infrastructure that reads no partnership data.</summary>
    public static readonly IReadOnlySet<string> GrpcNotReads = new HashSet<string>(StringComparer.Ordinal)
    {
        "portal.erp.v1.QualityIssuesService/RaiseQualityIssue",
        "portal.erp.v1.ErpSyncService/UpsertItems", "portal.erp.v1.ErpSyncService/UpsertPurchaseOrders", "portal.erp.v1.ErpSyncService/UpsertDeliveries",
        "portal.erp.v1.ErpSyncService/UpsertInvoices", "portal.erp.v1.ErpSyncService/UpsertPayments", "portal.erp.v1.ErpSyncService/StreamUpserts",
        "grpc.health.v1.Health/Check", "grpc.health.v1.Health/Watch",
        "grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", "grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
    };

    /// <summary>GETs every page as each person; returns server errors and the pages that served no one (an id that went stale, a page that broke).</summary>
    public static async Task<IReadOnlyList<string>> VisitPagesAsync(PortalFactory portal, CustomerA a)
    {
        var paths = PageTenancyCases.All
            .Where(c => c.Key.StartsWith("GET ", StringComparison.Ordinal) && !c.Key.Contains("logout", StringComparison.Ordinal))
            .Select(c => c.Value(a).Path)
            .Concat(Variants(a))
            .ToList();
        var served = new HashSet<string>(StringComparer.Ordinal);
        var failures = new List<string>();
        foreach (var email in People)
        {
            using var session = await WebSession.SignInAsync(portal, email);
            foreach (var path in paths)
            {
                var (status, _, _) = await session.GetAsync(path);
                if ((int)status >= 500)
                {
                    failures.Add($"{email} GET {path} → {(int)status}");
                }
                // An address that leads to another page (an action item's, to its review) serves by redirecting.
                if (status == HttpStatusCode.OK || (status == HttpStatusCode.Redirect && path.Contains("/action-items/", StringComparison.Ordinal)))
                {
                    served.Add(path);
                }
            }
        }
        // The sign-in pages answer a signed-in person with a redirect; every other page must have served someone.
        return [.. failures, .. paths.Where(p => !served.Contains(p) && !p.StartsWith("/account/", StringComparison.Ordinal)).Select(p => $"GET {p} served no one")];
    }

    public static async Task CallGrpcReadsAsync(PortalFactory portal, CustomerA a)
    {
        var token = await portal.GetTokenAsync(DemoData.Nordlab.ErpClientId, DemoData.Nordlab.ErpSecret);
        using var channel = portal.CreateGrpcChannel();
        foreach (var read in GrpcReads.Values)
        {
            await read(channel, PortalFactory.Bearer(token), a);
        }
    }

    /// <summary>
    /// Each recurring job's daily run, then one partnership's share of it (which the run would have queued); the job
    /// classes it ran, for the caller to hold against those the portal schedules.
    /// </summary>
    public static async Task<IReadOnlySet<Type>> RunJobsAsync(PortalFactory portal, CustomerA a)
    {
        var services = portal.Services;
        var cancellationToken = TestContext.Current.CancellationToken;
        var ran = new HashSet<Type>();
        T Job<T>() where T : notnull
        {
            ran.Add(typeof(T));
            return ActivatorUtilities.CreateInstance<T>(services, new NoQueue());
        }

        await Job<GuaranteeEvaluationJob>().RunAsync(cancellationToken);
        await Job<GuaranteeEvaluationJob>().RunForPartnershipAsync(a.PartnershipId, cancellationToken);
        await Job<CreditAlertsJob>().RunAsync(cancellationToken);
        await Job<CreditAlertsJob>().RunForPartnershipAsync(a.PartnershipId, cancellationToken);
        await Job<LoanOverdueJob>().RunAsync(cancellationToken);
        await Job<LoanOverdueJob>().RunForPartnershipAsync(a.PartnershipId, cancellationToken);
        await Job<ChangeFeedRetentionJob>().RunAsync(cancellationToken);
        await Job<ChangeFeedRetentionJob>().RunForPartnershipAsync(a.PartnershipId, cancellationToken);
        await Job<ActionItemNoticesJob>().RunAsync(cancellationToken);
        await Job<ActionItemNoticesJob>().RunForPartnershipAsync(a.PartnershipId, cancellationToken);
        await Job<WorkDigestJob>().RunAsync(cancellationToken);
        await Job<WorkDigestJob>().DigestForAsync(a.LeadId, cancellationToken);
        // Queues nothing, so it takes no queue.
        ran.Add(typeof(NotificationRetentionJob));
        await services.GetRequiredService<NotificationRetentionJob>().RunAsync(cancellationToken);
        await HoldNoticesAsync(services, a, cancellationToken);
        await Job<NoticeDigestJob>().RunAsync(cancellationToken);
        await Job<NoticeDigestJob>().DigestForAsync(a.LeadId, cancellationToken);
        await Job<ScorecardJob>().RunAsync(cancellationToken);
        await Job<ScorecardJob>().RunForPartnershipAsync(a.PartnershipId, cancellationToken);
        // The demo's months are all computed, so the catch-up above measures nothing: a recompute runs every metric's reads.
        var lastMonth = DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(-1));
        await services.GetRequiredService<ScorecardCalculator>().RecomputeAsync(CallerScope.ForSystem(ScorecardJob.Id, a.PartnershipId), a.PartnershipId,
            new DateOnly(lastMonth.Year, lastMonth.Month, 1), "Query plan tour", cancellationToken);
        return ran;
    }

    /// <summary>
    /// Notices held for the lead's digest, as a kind set to "digest" leaves them, so that gathering them runs every
    /// statement the digest has; several, because SQLite plans a list of one id as an equality.
    /// </summary>
    private static async Task HoldNoticesAsync(IServiceProvider services, CustomerA a, CancellationToken cancellationToken)
    {
        await using var connection = await services.GetRequiredService<PortalDatabase>().OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO notifications (user_id, partnership_id, created_at, title, body, held_for_digest) VALUES (@LeadId, @PartnershipId, @now, @title, 'For the digest', TRUE)",
            Enumerable.Range(1, 3).Select(n => new { a.LeadId, a.PartnershipId, now = DateTimeOffset.UtcNow, title = $"Held {n}" }), cancellationToken: cancellationToken));
    }

    // Filters, sorts and later pages read differently from a list's first page.
    private static IEnumerable<string> Variants(CustomerA a)
    {
        var p = $"/p/{a.PartnershipId}";
        return
        [
            $"{p}/quality", $"{p}/quality?Sort=Oldest&State=Closed&Severity=Major", $"{p}/quality?Owner={a.SupplierLeadId}&PageNumber=2",
            $"{p}/design-requests", $"{p}/design-requests?Sort=NeededBy&Overdue=true", $"{p}/design-requests?Owner={a.SupplierLeadId}&PageNumber=2",
            $"{p}/trail", $"{p}/trail?Actor=Alice&ActionName=Created&From=2020-01-01&To=2099-01-01&PageNumber=2",
            "/admin/trail?Entity=User&Actor=Hanna&From=2020-01-01&To=2099-01-01&PageNumber=2",
            "/notifications?UnreadOnly=true", "/notifications?PageNumber=2",
            "/admin/users?Search=lead&PageNumber=2", "/equipment?PageNumber=2",
            $"{p}/health", $"{p}/health?handler=Csv", "/portfolio", "/portfolio?sort=name&state=red&q=nord&alerts=true", "/portfolio?sort=trend&pageNumber=2",
            .. Enum.GetNames<ScorecardMetric>().Select(m => $"{p}/health/{DateTime.UtcNow.AddMonths(-1):yyyy-MM}/{m}"),
        ];
    }

    /// <summary>Queues nothing: the tour runs one partnership's work itself, so that no job runs behind its back.</summary>
    private sealed class NoQueue : IBackgroundJobClient
    {
        public string Create(Job job, IState state) => "not queued";

        public bool ChangeState(string jobId, IState state, string expectedState) => false;
    }
}
