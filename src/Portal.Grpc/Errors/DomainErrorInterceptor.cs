using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Portal.Grpc.Errors;

/// <summary>
/// The one place where domain exceptions become gRPC status codes, for every service and every kind of call,
/// so that services stay thin and report the same failure the same way. A call that ended (deadline or client gone)
/// reads as such (see <see cref="CancelledCalls"/>); anything else stays an internal error.
/// </summary>
public sealed class DomainErrorInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (DomainErrors.ToRpcException(e) is { } rpc)
        {
            throw rpc;
        }
        catch (Exception e) when (e is not RpcException && CancelledCalls.Ended(context))
        {
            throw CancelledCalls.ToRpcException(context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception e) when (DomainErrors.ToRpcException(e) is { } rpc)
        {
            throw rpc;
        }
        catch (Exception e) when (e is not RpcException && CancelledCalls.Ended(context))
        {
            throw CancelledCalls.ToRpcException(context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (DomainErrors.ToRpcException(e) is { } rpc)
        {
            throw rpc;
        }
        catch (Exception e) when (e is not RpcException && CancelledCalls.Ended(context))
        {
            throw CancelledCalls.ToRpcException(context);
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
        catch (Exception e) when (DomainErrors.ToRpcException(e) is { } rpc)
        {
            throw rpc;
        }
        catch (Exception e) when (e is not RpcException && CancelledCalls.Ended(context))
        {
            throw CancelledCalls.ToRpcException(context);
        }
    }
}
