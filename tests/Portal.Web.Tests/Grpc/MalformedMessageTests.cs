using Grpc.Core;
using Portal.Data.Database;
using Portal.Data.ErpClients;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Grpc;

/// <summary>
/// Bytes that are no protobuf message inside a client stream: the gRPC status codes call a request that does not parse
/// INTERNAL, never UNKNOWN, whether it comes alone (parsed by grpc-dotnet before the service runs) or in a stream.
/// </summary>
public sealed class MalformedMessageTests(PortalHosts hosts)
{
    // A length-delimited field 1 that claims 16 bytes and brings one, then a tag with no field number.
    private static readonly byte[][] Malformed = [[0x0A, 0x10, 0x41], [0x00], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]];

    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(b => b, b => b);
    private static readonly Method<byte[], byte[]> StreamUpserts = new(MethodType.ClientStreaming, "portal.erp.v1.ErpSyncService", "StreamUpserts", Raw, Raw);

    private static readonly Method<byte[], byte[]> GetCreditPosition = new(MethodType.Unary, "portal.erp.v1.CreditService", "GetCreditPosition", Raw, Raw);
    private static readonly Method<byte[], byte[]> WatchChanges = new(MethodType.ServerStreaming, "portal.erp.v1.ChangeFeedService", "WatchChanges", Raw, Raw);

    [Theory, OnBothDatabases]
    public async Task A_request_that_does_not_parse_is_internal_never_unknown(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var client = await portal.CreateAsync(ErpScopes.Read);
        var headers = PortalFactory.Bearer(await portal.GetTokenAsync(client.Client.ClientId, client.Secret));
        var invoker = portal.CreateGrpcChannel().CreateCallInvoker();
        var statuses = new List<StatusCode>();

        foreach (var bytes in Malformed)
        {
            statuses.Add(await StatusOfAsync(invoker.AsyncUnaryCall(GetCreditPosition, null, new CallOptions(headers, cancellationToken: Ct), bytes).ResponseAsync));
            using var watch = invoker.AsyncServerStreamingCall(WatchChanges, null, new CallOptions(headers, cancellationToken: Ct), bytes);
            statuses.Add(await StatusOfAsync(FirstAsync(watch.ResponseStream)));
        }

        Assert.True(statuses.All(s => s == StatusCode.Internal), string.Join(",", statuses));
    }

    private static async Task<byte[]> FirstAsync(IAsyncStreamReader<byte[]> stream) => await stream.MoveNext(Ct) ? stream.Current : [];

    [Theory, OnBothDatabases]
    public async Task A_streamed_message_that_does_not_parse_is_internal_never_unknown(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var client = await portal.CreateAsync(ErpScopes.Sync);
        var headers = PortalFactory.Bearer(await portal.GetTokenAsync(client.Client.ClientId, client.Secret));
        var invoker = portal.CreateGrpcChannel().CreateCallInvoker();
        var statuses = new List<StatusCode>();

        foreach (var bytes in Malformed)
        {
            using var stream = invoker.AsyncClientStreamingCall(StreamUpserts, null, new CallOptions(headers, cancellationToken: Ct));
            statuses.Add(await StatusOfAsync(SendAsync(stream, bytes)));
        }

        Assert.True(statuses.All(s => s == StatusCode.Internal), string.Join(",", statuses));
    }

    private static async Task<byte[]> SendAsync(AsyncClientStreamingCall<byte[], byte[]> stream, byte[] bytes)
    {
        try
        {
            await stream.RequestStream.WriteAsync(bytes, Ct);
            await stream.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server may have answered before the write: its status is in the response.
        }
        return await stream.ResponseAsync;
    }

    private static async Task<StatusCode> StatusOfAsync(Task<byte[]> call)
    {
        try
        {
            await call;
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}
