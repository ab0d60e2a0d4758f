using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using Portal.Data.Database;
using Portal.Data.ErpClients;
using Portal.Erp.V1;
using Portal.Grpc.Errors;
using Portal.Web.Tests.Infrastructure;
using Portal.Web.Tests.Tenancy;

namespace Portal.Web.Tests.Grpc;

/// <summary>
/// Every BadRequest violation of every method names a proto field path of the method's request (snake_case, with
/// indexes). Each declared method has a case here: a request it must refuse, or null for a method that takes no field
/// it could refuse; a new method fails <see cref="Every_declared_method_has_a_case"/> until it has one.
/// </summary>
public sealed class GrpcFieldPathTests(PortalHosts hosts)
{
    private static readonly Dictionary<string, Func<GrpcChannel, Metadata, Task>?> Cases = new()
    {
        ["portal.erp.v1.PartnershipsService/GetPartnership"] = null,
        ["portal.erp.v1.QualityIssuesService/GetQualityIssue"] = null,
        ["portal.erp.v1.DesignRequestsService/GetDesignRequest"] = null,
        ["portal.erp.v1.CreditService/GetCreditPosition"] = null,
        ["portal.erp.v1.ActionItemsService/GetActionItem"] = null,
        ["portal.erp.v1.ActionItemsService/ListActionItems"] = (c, h) =>
            new ActionItemsService.ActionItemsServiceClient(c).ListActionItemsAsync(new() { PageSize = -1, PageToken = "x", State = (ActionItemState)42 }, h).ResponseAsync,
        ["portal.erp.v1.QualityIssuesService/ListQualityIssues"] = (c, h) =>
            new QualityIssuesService.QualityIssuesServiceClient(c).ListQualityIssuesAsync(new() { PageSize = -1, PageToken = "x" }, h).ResponseAsync,
        ["portal.erp.v1.QualityIssuesService/RaiseQualityIssue"] = (c, h) =>
            new QualityIssuesService.QualityIssuesServiceClient(c).RaiseQualityIssueAsync(new() { DeliveryExternalId = "GR-NOWHERE", QuantityAffected = -1 }, h).ResponseAsync,
        ["portal.erp.v1.DesignRequestsService/ListDesignRequests"] = (c, h) =>
            new DesignRequestsService.DesignRequestsServiceClient(c).ListDesignRequestsAsync(new() { PageSize = -1, PageToken = "x" }, h).ResponseAsync,
        ["portal.erp.v1.ChangeFeedService/GetChanges"] = (c, h) =>
            new ChangeFeedService.ChangeFeedServiceClient(c).GetChangesAsync(new() { MaxChanges = -1, Cursor = "x" }, h).ResponseAsync,
        ["portal.erp.v1.ChangeFeedService/WatchChanges"] = async (c, h) =>
        {
            using var call = new ChangeFeedService.ChangeFeedServiceClient(c).WatchChanges(new() { Cursor = "x" }, h);
            await call.ResponseStream.MoveNext(TestContext.Current.CancellationToken);
        },
        ["portal.erp.v1.ErpSyncService/UpsertItems"] = (c, h) =>
            new ErpSyncService.ErpSyncServiceClient(c).UpsertItemsAsync(new() { Items = { new Item { Revision = 0 } } }, h).ResponseAsync,
        ["portal.erp.v1.ErpSyncService/UpsertPurchaseOrders"] = (c, h) =>
            new ErpSyncService.ErpSyncServiceClient(c).UpsertPurchaseOrdersAsync(new() { RequestId = Guid.NewGuid().ToString("N"), PurchaseOrders = { new PurchaseOrder { Lines = { new PurchaseOrderLine() } } } }, h).ResponseAsync,
        ["portal.erp.v1.ErpSyncService/UpsertDeliveries"] = (c, h) =>
            new ErpSyncService.ErpSyncServiceClient(c).UpsertDeliveriesAsync(new() { RequestId = Guid.NewGuid().ToString("N"), Deliveries = { new Delivery { Lines = { new DeliveryLine() } } } }, h).ResponseAsync,
        ["portal.erp.v1.ErpSyncService/UpsertInvoices"] = (c, h) =>
            new ErpSyncService.ErpSyncServiceClient(c).UpsertInvoicesAsync(new() { RequestId = Guid.NewGuid().ToString("N"), Invoices = { new Invoice { Amount = new Money { AmountMinor = -1 } } } }, h).ResponseAsync,
        ["portal.erp.v1.ErpSyncService/UpsertPayments"] = (c, h) =>
            new ErpSyncService.ErpSyncServiceClient(c).UpsertPaymentsAsync(new() { RequestId = Guid.NewGuid().ToString("N"), Payments = { new Payment() } }, h).ResponseAsync,
        ["portal.erp.v1.ErpSyncService/StreamUpserts"] = async (c, h) =>
        {
            using var call = new ErpSyncService.ErpSyncServiceClient(c).StreamUpserts(h);
            try
            {
                await call.RequestStream.WriteAsync(new StreamUpsertsRequest { StreamId = Guid.NewGuid().ToString("N"), Sequence = 1, Item = new Item() }, TestContext.Current.CancellationToken);
                await call.RequestStream.CompleteAsync();
            }
            catch (RpcException)
            {
                // Refused before the stream was sent whole: the status is in the response.
            }
            await call.ResponseAsync;
        },
        ["portal.erp.v1.ErpSyncService/GetStreamPosition"] = (c, h) =>
            new ErpSyncService.ErpSyncServiceClient(c).GetStreamPositionAsync(new() { StreamId = "" }, h).ResponseAsync,
    };

    [Fact]
    public void Every_declared_method_has_a_case() =>
        Assert.Equal(Declared().Keys.Order(StringComparer.Ordinal), Cases.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [InlineData("DeliveryExternalId", "delivery_external_id")]
    [InlineData("QuantityAffected", "quantity_affected")]
    [InlineData("deliveries[3].lines[0].quantity", "deliveries[3].lines[0].quantity")]
    [InlineData("Deliveries[3].Lines[0].PurchaseOrderLineNo", "deliveries[3].lines[0].purchase_order_line_no")]
    [InlineData("max_changes", "max_changes")]
    [InlineData("ErpID", "erp_id")]
    public void Domain_field_names_become_proto_paths(string field, string path) => Assert.Equal(path, ProtoFieldPaths.From(field));

    [Theory, OnBothDatabases]
    public async Task Every_violation_of_every_method_is_a_proto_field_path_of_its_request(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var client = await portal.CreateAsync(ErpScopes.Sync, ErpScopes.Read);
        var headers = PortalFactory.Bearer(await portal.GetTokenAsync(client.Client.ClientId, client.Secret));
        using var channel = portal.CreateGrpcChannel();
        var declared = Declared();
        var failures = new List<string>();

        foreach (var (method, call) in Cases.Where(c => c.Value is not null))
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => call!(channel, headers));
            var violations = error.StatusCode == StatusCode.InvalidArgument ? error.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations : null;
            if (violations is not { Count: > 0 })
            {
                failures.Add($"{method}: {error.StatusCode} without field violations");
                continue;
            }
            failures.AddRange(violations.Where(v => !Resolves(declared[method], WithinMessage(v.Field))).Select(v => $"{method}: \"{v.Field}\" is not a field path of {declared[method].Name}"));
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>A streamed request's violation first names the message of the stream it is in: <c>envelopes[sequence=7].item.sku</c>.</summary>
    private static string WithinMessage(string path) =>
        System.Text.RegularExpressions.Regex.Match(path, @"^envelopes\[sequence=\d+\]\.(.+)$") is { Success: true } streamed ? streamed.Groups[1].Value : path;

    /// <summary>Walks <paramref name="path"/> through the message's fields: each segment a field's proto name, an index only on a repeated one.</summary>
    private static bool Resolves(MessageDescriptor message, string path)
    {
        MessageDescriptor? current = message;
        foreach (var segment in path.Split('.'))
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var field = current?.FindFieldByName(bracket < 0 ? segment : segment[..bracket]);
            if (field is null || (bracket >= 0 && !field.IsRepeated))
            {
                return false;
            }
            current = field.FieldType == FieldType.Message ? field.MessageType : null;
        }
        return true;
    }

    private static Dictionary<string, MessageDescriptor> Declared() =>
        new[] { PartnershipsService.Descriptor, QualityIssuesService.Descriptor, DesignRequestsService.Descriptor, ChangeFeedService.Descriptor, CreditService.Descriptor, ErpSyncService.Descriptor, ActionItemsService.Descriptor }
            .SelectMany(s => s.Methods)
            .ToDictionary(m => $"{m.Service.FullName}/{m.Name}", m => m.InputType);
}
