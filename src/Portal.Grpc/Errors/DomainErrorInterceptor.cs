using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Portal.Grpc.Errors;

/// <summary>
/// The one place where domain exceptions become gRPC status codes, for every service and every kind of call,
/// so that services stay thin and report the same failure the same way. A call that ended (deadline or client gone)
/// reads as such (see <see cref="CancelledCalls"/>); a database that could not do it now is UNAVAILABLE, so that the
/// client retries; a message that does not parse is INTERNAL, as the gRPC status codes have it; anything else stays an
/// internal error.
/// </summary>
public sealed class DomainErrorInterceptor : Interceptor
{
    private static RpcException? Translate(Exception exception, ServerCallContext context) => exception switch
    {
        RpcException => null,
        _ when DomainErrors.ToRpcException(exception) is { } domain => domain,
        _ when CancelledCalls.Ended(context) => CancelledCalls.ToRpcException(context),
        _ => DomainErrors.ToInfrastructureRpcException(exception),
    };

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (Translate(e, context) is { } rpc)
        {
            throw rpc;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception e) when (Translate(e, context) is { } rpc)
        {
            throw rpc;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (Translate(e, context) is { } rpc)
        {
            throw rpc;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception e) when (Translate(e, context) is { } rpc)
        {
            throw rpc;
        }
    }
}
