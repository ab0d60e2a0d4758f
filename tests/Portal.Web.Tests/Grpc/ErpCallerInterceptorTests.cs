using Portal.Grpc.Auth;
using Portal.Grpc.Services;

namespace Portal.Web.Tests.Grpc;

/// <summary>
/// The ERP caller is resolved once per call, by <see cref="ErpCallerInterceptor"/>: the services read it and never
/// resolve it themselves. Revoked and rotated clients being refused on every method is tested by the services' own
/// tests and <c>AuthFailureStatusTests</c>.
/// </summary>
public sealed class ErpCallerInterceptorTests
{
    [Fact]
    public void No_service_resolves_its_caller_itself()
    {
        var services = typeof(PartnershipsGrpcService).Assembly.GetTypes().Where(t => t.Namespace == typeof(PartnershipsGrpcService).Namespace && t.IsClass && !t.IsNested);

        var resolving = services.Where(t => t.GetConstructors().Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(ErpCallerResolver))));

        // The change feed's watch stream resolves the caller again while it runs, so that revoking a client ends its stream.
        Assert.Equal([nameof(ChangeFeedGrpcService)], resolving.Select(t => t.Name));
    }
}
