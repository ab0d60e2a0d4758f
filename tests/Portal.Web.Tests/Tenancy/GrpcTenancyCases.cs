using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Portal.Erp.V1;
using Portal.Grpc.Mapping;
using Portal.Web.Tests.Grpc;

namespace Portal.Web.Tests.Tenancy;

/// <summary>What customer B's ERP client sees of one method when it aims at customer A.</summary>
/// <remarks><paramref name="Cursors"/> seals feed cursors with the portal's own keys: B's client is given the best forgery there is.</remarks>
public sealed record GrpcProbe(GrpcChannel Channel, Metadata Headers, CustomerA A, FeedCursors Cursors);

/// <summary>
/// For every gRPC method, how customer B's ERP client (a real token from the token endpoint) tries to reach
/// customer A. Each probe returns what it received, as text, and throws <see cref="RpcException"/> when refused.
/// A new method has no entry until someone writes one, and <see cref="GrpcTenancyTests"/> fails until then.
/// </summary>
public static class GrpcTenancyCases
{
    public static IReadOnlyDictionary<string, Func<GrpcProbe, Task<GrpcOutcome>>> All { get; } = new Dictionary<string, Func<GrpcProbe, Task<GrpcOutcome>>>
    {
        ["portal.erp.v1.PartnershipsService/GetPartnership"] = async p =>
        {
            var own = await new PartnershipsService.PartnershipsServiceClient(p.Channel).GetPartnershipAsync(new GetPartnershipRequest(), p.Headers);
            var refused = await GrpcOutcome.RefusalOf(() => new PartnershipsService.PartnershipsServiceClient(p.Channel)
                .GetPartnershipAsync(new GetPartnershipRequest { Id = p.A.PartnershipId }, p.Headers).ResponseAsync);
            return refused with { Received = own.ToString() };
        },

        ["portal.erp.v1.QualityIssuesService/ListQualityIssues"] = async p =>
            GrpcOutcome.Served((await new QualityIssuesService.QualityIssuesServiceClient(p.Channel).ListQualityIssuesAsync(new ListQualityIssuesRequest { PageSize = 100 }, p.Headers)).ToString()),
        ["portal.erp.v1.QualityIssuesService/GetQualityIssue"] = p => GrpcOutcome.RefusalOf(() => new QualityIssuesService.QualityIssuesServiceClient(p.Channel)
            .GetQualityIssueAsync(new GetQualityIssueRequest { Id = p.A.QualityIssueId }, p.Headers).ResponseAsync),
        // Raising against A's delivery must read exactly like raising against one that does not exist (a field error).
        ["portal.erp.v1.QualityIssuesService/RaiseQualityIssue"] = async p =>
        {
            var client = new QualityIssuesService.QualityIssuesServiceClient(p.Channel);
            RaiseQualityIssueRequest Against(string delivery) => new()
            {
                RequestId = $"tenancy-probe-{delivery}", DeliveryExternalId = delivery, DeliveryLineNo = 1, Title = "Planted issue", Description = "Planted",
                Severity = Severity.Critical, QuantityAffected = 1, QuantityInspected = 1,
            };
            var ofA = await GrpcOutcome.RefusalOf(() => client.RaiseQualityIssueAsync(Against(p.A.DeliveryExternalId), p.Headers).ResponseAsync);
            var unknown = await GrpcOutcome.RefusalOf(() => client.RaiseQualityIssueAsync(Against("no-such-delivery"), p.Headers).ResponseAsync);
            return ofA.RefusedWith == StatusCode.InvalidArgument && ofA == unknown
                ? GrpcOutcome.Served(ofA.Received)
                : ofA with { RefusedWith = ofA.RefusedWith ?? StatusCode.OK };
        },
        ["portal.erp.v1.DesignRequestsService/ListDesignRequests"] = async p =>
            GrpcOutcome.Served((await new DesignRequestsService.DesignRequestsServiceClient(p.Channel).ListDesignRequestsAsync(new ListDesignRequestsRequest { PageSize = 100 }, p.Headers)).ToString()),
        ["portal.erp.v1.DesignRequestsService/GetDesignRequest"] = p => GrpcOutcome.RefusalOf(() => new DesignRequestsService.DesignRequestsServiceClient(p.Channel)
            .GetDesignRequestAsync(new GetDesignRequestRequest { Id = p.A.DesignRequestId }, p.Headers).ResponseAsync),

        // B follows its own feed; a cursor made for A's partnership must read exactly like one for a partnership that does not exist.
        ["portal.erp.v1.ChangeFeedService/GetChanges"] = async p =>
        {
            var feed = new ChangeFeedService.ChangeFeedServiceClient(p.Channel);
            var own = await feed.GetChangesAsync(new GetChangesRequest { MaxChanges = 1000 }, p.Headers);
            Task<GetChangesResponse> From(long partnershipId) => feed.GetChangesAsync(new GetChangesRequest { Cursor = p.Cursors.Encode(partnershipId, 0) }, p.Headers).ResponseAsync;
            var ofA = await GrpcOutcome.RefusalOf(() => From(p.A.PartnershipId));
            var unknown = await GrpcOutcome.RefusalOf(() => From(long.MaxValue));
            return ofA.RefusedWith == StatusCode.InvalidArgument && ofA == unknown
                ? GrpcOutcome.Served(own + ofA.Received)
                : ofA with { RefusedWith = ofA.RefusedWith ?? StatusCode.OK };
        },
        ["portal.erp.v1.ChangeFeedService/WatchChanges"] = async p =>
        {
            var feed = new ChangeFeedService.ChangeFeedServiceClient(p.Channel);
            var own = new List<Change>();
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken))
            using (var watch = feed.WatchChanges(new WatchChangesRequest(), p.Headers, cancellationToken: stop.Token))
            {
                stop.CancelAfter(TimeSpan.FromSeconds(2));
                try
                {
                    while (await watch.ResponseStream.MoveNext(stop.Token))
                    {
                        own.Add(watch.ResponseStream.Current.Change);
                    }
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && stop.IsCancellationRequested)
                {
                    // Watching never ends by itself: cancelling is how this probe stops after the backlog.
                }
            }
            async Task<Change> From(long partnershipId)
            {
                using var watch = feed.WatchChanges(new WatchChangesRequest { Cursor = p.Cursors.Encode(partnershipId, 0) }, p.Headers, deadline: DateTime.UtcNow.AddSeconds(5));
                await watch.ResponseStream.MoveNext(TestContext.Current.CancellationToken);
                return watch.ResponseStream.Current.Change;
            }
            var ofA = await GrpcOutcome.RefusalOf(() => From(p.A.PartnershipId));
            var unknown = await GrpcOutcome.RefusalOf(() => From(long.MaxValue));
            return ofA.RefusedWith == StatusCode.InvalidArgument && ofA == unknown && own.Count > 0
                ? GrpcOutcome.Served(string.Join("\n", own) + ofA.Received)
                : ofA with { RefusedWith = ofA.RefusedWith ?? StatusCode.OK };
        },

        // B's own position is served (B's figures only); asking for A's partnership reads as not found.
        ["portal.erp.v1.CreditService/GetCreditPosition"] = async p =>
        {
            var client = new CreditService.CreditServiceClient(p.Channel);
            var own = await client.GetCreditPositionAsync(new GetCreditPositionRequest(), p.Headers);
            var refused = await GrpcOutcome.RefusalOf(() => client.GetCreditPositionAsync(new GetCreditPositionRequest { PartnershipId = p.A.PartnershipId }, p.Headers).ResponseAsync);
            return refused with { Received = own.ToString() + refused.Received };
        },
        // B's own scorecards are served; asking for A's partnership reads as not found.
        ["portal.erp.v1.ScorecardService/GetScorecard"] = async p =>
        {
            var client = new ScorecardService.ScorecardServiceClient(p.Channel);
            var own = await client.GetScorecardAsync(new GetScorecardRequest(), p.Headers);
            var refused = await GrpcOutcome.RefusalOf(() => client.GetScorecardAsync(new GetScorecardRequest { PartnershipId = p.A.PartnershipId }, p.Headers).ResponseAsync);
            return refused with { Received = own.ToString() + refused.Received };
        },
        ["portal.erp.v1.ScorecardService/ListScorecards"] = async p =>
        {
            var client = new ScorecardService.ScorecardServiceClient(p.Channel);
            var own = await client.ListScorecardsAsync(new ListScorecardsRequest { PageSize = 24 }, p.Headers);
            var refused = await GrpcOutcome.RefusalOf(() => client.ListScorecardsAsync(new ListScorecardsRequest { PartnershipId = p.A.PartnershipId }, p.Headers).ResponseAsync);
            return refused with { Received = own.ToString() + refused.Received };
        },
        // B's own customer-owned action items are served; A's item reads as not found.
        ["portal.erp.v1.ActionItemsService/ListActionItems"] = async p =>
            GrpcOutcome.Served((await new ActionItemsService.ActionItemsServiceClient(p.Channel).ListActionItemsAsync(new ListActionItemsRequest { PageSize = 200 }, p.Headers)).ToString()),
        ["portal.erp.v1.ActionItemsService/GetActionItem"] = p => GrpcOutcome.RefusalOf(() => new ActionItemsService.ActionItemsServiceClient(p.Channel)
            .GetActionItemAsync(new GetActionItemRequest { Id = p.A.CustomerActionItemId }, p.Headers).ResponseAsync),
        // The ERP writes only into its own partnership: records named after A's land in B's, and references to A's records
        // read exactly like references to records that do not exist (a field error).
        ["portal.erp.v1.ErpSyncService/UpsertItems"] = async p => GrpcOutcome.Served((await new ErpSyncService.ErpSyncServiceClient(p.Channel).UpsertItemsAsync(new UpsertItemsRequest
        {
            RequestId = $"tenancy-probe-{Guid.NewGuid():N}",
            Items = { new Item { ExternalId = $"planted-{p.A.DeliveryExternalId}", Revision = 1, Sku = "PLANTED", Name = "Planted item", Unit = "pcs" } },
        }, p.Headers)).ToString()),
        ["portal.erp.v1.ErpSyncService/UpsertPurchaseOrders"] = p => SyncReference(order => new ErpSyncService.ErpSyncServiceClient(p.Channel).UpsertPurchaseOrdersAsync(new UpsertPurchaseOrdersRequest
        {
            RequestId = $"tenancy-probe-{Guid.NewGuid():N}",
            PurchaseOrders = { new PurchaseOrder { ExternalId = order, Revision = 1_000_000, Number = "PLANTED", OrderedOn = ContractValues.Date("2026-01-01"),
                Lines = { new PurchaseOrderLine { LineNo = 1, ItemExternalId = "planted-no-such-item", Quantity = 1, DueOn = ContractValues.Date("2026-01-01") } } } },
        }, p.Headers).ResponseAsync, p.A.OrderExternalId, "no-such-record"),
        // A's own order line, against a line that no one has on the same order number.
        ["portal.erp.v1.ErpSyncService/UpsertDeliveries"] = p => SyncReference(line => new ErpSyncService.ErpSyncServiceClient(p.Channel).UpsertDeliveriesAsync(new UpsertDeliveriesRequest
        {
            RequestId = $"tenancy-probe-{Guid.NewGuid():N}",
            Deliveries = { new Delivery { ExternalId = p.A.DeliveryExternalId, Revision = 1_000_000, DeliveredOn = ContractValues.Date("2026-01-01"),
                Lines = { new DeliveryLine { LineNo = 1, PurchaseOrderExternalId = p.A.OrderExternalId, PurchaseOrderLineNo = int.Parse(line), Quantity = 1 } } } },
        }, p.Headers).ResponseAsync, p.A.OrderLineNo.ToString(), "999"),
        ["portal.erp.v1.ErpSyncService/UpsertInvoices"] = p => SyncReference(invoice => new ErpSyncService.ErpSyncServiceClient(p.Channel).UpsertInvoicesAsync(new UpsertInvoicesRequest
        {
            RequestId = $"tenancy-probe-{Guid.NewGuid():N}",
            Invoices = { new Invoice { ExternalId = invoice, Revision = 1_000_000, Number = "PLANTED", PurchaseOrderExternalId = "planted-no-such-order",
                IssuedOn = ContractValues.Date("2026-01-01"), DueOn = ContractValues.Date("2026-02-01"), Amount = ContractValues.Eur(1) } },
        }, p.Headers).ResponseAsync, p.A.InvoiceExternalId, "no-such-record"),
        ["portal.erp.v1.ErpSyncService/UpsertPayments"] = p => SyncReference(invoice => new ErpSyncService.ErpSyncServiceClient(p.Channel).UpsertPaymentsAsync(new UpsertPaymentsRequest
        {
            RequestId = $"tenancy-probe-{Guid.NewGuid():N}",
            Payments = { new Payment { ExternalId = "planted-payment", Revision = 1, InvoiceExternalId = invoice, PaidOn = ContractValues.Date("2026-01-01"), Amount = ContractValues.Eur(1) } },
        }, p.Headers).ResponseAsync, p.A.InvoiceExternalId, "no-such-record"),
        ["portal.erp.v1.ErpSyncService/StreamUpserts"] = async p =>
        {
            using var call = new ErpSyncService.ErpSyncServiceClient(p.Channel).StreamUpserts(p.Headers);
            await call.RequestStream.WriteAsync(new StreamUpsertsRequest
            {
                StreamId = $"tenancy-probe-{Guid.NewGuid():N}", Sequence = 1,
                Item = new Item { ExternalId = $"planted-stream-{p.A.DeliveryExternalId}", Revision = 1, Sku = "PLANTED", Name = "Planted item", Unit = "pcs" },
            });
            await call.RequestStream.CompleteAsync();
            return GrpcOutcome.Served((await call.ResponseAsync).ToString());
        },
        ["portal.erp.v1.ErpSyncService/GetStreamPosition"] = async p => GrpcOutcome.Served((await new ErpSyncService.ErpSyncServiceClient(p.Channel)
            .GetStreamPositionAsync(new GetStreamPositionRequest { StreamId = "tenancy-probe" }, p.Headers)).ToString()),

        // Infrastructure that serves no partnership data; the probes still check what comes back.
        ["grpc.health.v1.Health/Check"] = async p =>
            GrpcOutcome.Served((await new Health.HealthClient(p.Channel).CheckAsync(new HealthCheckRequest(), p.Headers)).ToString()),
        ["grpc.health.v1.Health/Watch"] = async p =>
        {
            using var watch = new Health.HealthClient(p.Channel).Watch(new HealthCheckRequest(), p.Headers, deadline: DateTime.UtcNow.AddSeconds(5));
            await watch.ResponseStream.MoveNext(TestContext.Current.CancellationToken);
            return GrpcOutcome.Served(watch.ResponseStream.Current.ToString());
        },
        ["grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"] = async p =>
        {
            using var call = new global::Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionClient(p.Channel).ServerReflectionInfo(p.Headers);
            await call.RequestStream.WriteAsync(new global::Grpc.Reflection.V1Alpha.ServerReflectionRequest { FileContainingSymbol = "portal.erp.v1.PartnershipsService" });
            await call.RequestStream.CompleteAsync();
            await call.ResponseStream.MoveNext(TestContext.Current.CancellationToken);
            return GrpcOutcome.Served(call.ResponseStream.Current.ToString());
        },
        ["grpc.reflection.v1.ServerReflection/ServerReflectionInfo"] = async p =>
        {
            using var call = new global::Grpc.Reflection.V1.ServerReflection.ServerReflectionClient(p.Channel).ServerReflectionInfo(p.Headers);
            await call.RequestStream.WriteAsync(new global::Grpc.Reflection.V1.ServerReflectionRequest { ListServices = "" });
            await call.RequestStream.CompleteAsync();
            await call.ResponseStream.MoveNext(TestContext.Current.CancellationToken);
            return GrpcOutcome.Served(call.ResponseStream.Current.ToString());
        },
    };

    /// <summary>A call that references one of A's records must be refused exactly as one referencing a record that does not exist.</summary>
    private static async Task<GrpcOutcome> SyncReference<T>(Func<string, Task<T>> call, string ofA, string ofNoOne)
    {
        var refusedForA = await GrpcOutcome.RefusalOf(() => call(ofA));
        var refusedForNothing = await GrpcOutcome.RefusalOf(() => call(ofNoOne));
        return refusedForA.RefusedWith == StatusCode.InvalidArgument && refusedForA == refusedForNothing
            ? GrpcOutcome.Served(refusedForA.Received)
            : refusedForA with { RefusedWith = refusedForA.RefusedWith ?? StatusCode.OK };
    }
}

/// <summary>What a probe received (as text, to search for A's markers) and whether the A-aimed call was refused as not found.</summary>
public sealed record GrpcOutcome(string Received, StatusCode? RefusedWith)
{
    public static GrpcOutcome Served(string received) => new(received, null);

    public static async Task<GrpcOutcome> RefusalOf<T>(Func<Task<T>> call)
    {
        try
        {
            var leaked = await call();
            return new GrpcOutcome(leaked?.ToString() ?? "", null);
        }
        catch (RpcException e)
        {
            return new GrpcOutcome(e.Status.Detail, e.StatusCode);
        }
    }
}
