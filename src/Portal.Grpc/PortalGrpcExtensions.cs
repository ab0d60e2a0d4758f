using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grpc.Auth;
using Portal.Grpc.Errors;
using Portal.Grpc.Health;
using Portal.Grpc.Mapping;
using Portal.Grpc.Services;

namespace Portal.Grpc;

public static class PortalGrpcExtensions
{
    // Bulk loads arrive as client streams of small messages; one message beyond this is a client bug, and refusing it
    // early keeps a single call from holding megabytes of a node's memory. Stated here so that nobody raises it by accident.
    private const int MaxReceiveMessageSize = 4 * 1024 * 1024;

    public static IServiceCollection AddPortalGrpc(this IServiceCollection services)
    {
        services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = MaxReceiveMessageSize;
            o.Interceptors.Add<DomainErrorInterceptor>();
            o.Interceptors.Add<ErpCallerInterceptor>();
        });
        // Our binder replaces grpc-dotnet's (it would bind every method a second time); Single fails the start if a
        // later grpc-dotnet registers its binder differently, rather than quietly serving UNKNOWN again.
        services.Remove(services.Single(d => d.ServiceType == typeof(IServiceMethodProvider<>) && d.ImplementationType?.Name == "BinderServiceMethodProvider`1"));
        services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(ParseCheckedMethodProvider<>));
        services.AddGrpcReflection();
        // Reports the host's health checks (the database check, which /healthz runs too), for the server and per service.
        services.AddGrpcHealthChecks(ServiceHealth.MapEveryErpService);
        services.AddAuthorizationBuilder().AddErpPolicies();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, GrpcStatusAuthorizationResultHandler>();
        services.AddSingleton<ErpCallerResolver>();
        services.AddSingleton<PageTokens>();
        services.AddSingleton<FeedCursors>();
        return services;
    }

    /// <summary>Health and reflection stay anonymous: load balancers and tools such as grpcurl hold no token.</summary>
    public static IEndpointRouteBuilder MapPortalGrpc(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<PartnershipsGrpcService>();
        endpoints.MapGrpcService<QualityIssuesGrpcService>();
        endpoints.MapGrpcService<DesignRequestsGrpcService>();
        endpoints.MapGrpcService<ChangeFeedGrpcService>();
        endpoints.MapGrpcService<CreditGrpcService>();
        endpoints.MapGrpcService<ScorecardGrpcService>();
        endpoints.MapGrpcService<ActionItemsGrpcService>();
        endpoints.MapGrpcService<ErpSyncGrpcService>();
        endpoints.MapGrpcHealthChecksService();
        endpoints.MapGrpcReflectionService();
        return endpoints;
    }
}
