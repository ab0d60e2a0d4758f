using Grpc.Core;
using Grpc.Core.Interceptors;
using Portal.Data.Tenancy;

namespace Portal.Grpc.Auth;

/// <summary>
/// Resolves the calling ERP client once per call, before any method of the ERP contract runs (after the token was
/// validated), and hands its scope to the service through <see cref="ErpCallers.Caller"/>. Health and reflection stay
/// anonymous and are left alone.
/// </summary>
public sealed class ErpCallerInterceptor(ErpCallerResolver resolver) : Interceptor
{
    private const string ErpContract = "/portal.erp.v1.";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await ResolveAsync(context);
        return await continuation(request, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await ResolveAsync(context);
        return await continuation(requestStream, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await ResolveAsync(context);
        await continuation(request, responseStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await ResolveAsync(context);
        await continuation(requestStream, responseStream, context);
    }

    private async Task ResolveAsync(ServerCallContext context)
    {
        if (context.Method.StartsWith(ErpContract, StringComparison.Ordinal))
        {
            context.UserState[ErpCallers.Key] = await resolver.RequireAsync(context);
        }
    }
}

public static class ErpCallers
{
    internal static readonly object Key = new();

    /// <summary>The ERP client's scope that <see cref="ErpCallerInterceptor"/> resolved for this call.</summary>
    public static CallerScope Caller(this ServerCallContext context) =>
        context.UserState.TryGetValue(Key, out var scope) && scope is CallerScope caller
            ? caller
            : throw new InvalidOperationException($"No ERP caller was resolved for {context.Method}: only methods of portal.erp.v1 have one.");
}
