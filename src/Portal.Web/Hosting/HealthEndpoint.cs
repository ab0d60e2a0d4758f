using Portal.Grpc.Health;

namespace Portal.Web.Hosting;

/// <summary>
/// GET /healthz for load balancers: 200 "Healthy" while the node reaches its database, 503 otherwise. Anonymous and
/// served on every node whatever its roles (gRPC's grpc.health.v1 runs the same check), so a balancer can probe the
/// pages port and the gRPC port alike.
/// </summary>
public static class HealthEndpoint
{
    public const string Path = "/healthz";

    public static IServiceCollection AddPortalHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return services;
    }

    public static WebApplication MapPortalHealth(this WebApplication app)
    {
        app.MapHealthChecks(Path);
        return app;
    }
}
