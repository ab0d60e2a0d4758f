using System.Reflection;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.HealthChecks;

namespace Portal.Grpc.Health;

/// <summary>
/// Health per service as well as for the whole server (""): clients and balancers that ask for the service they use by
/// name (grpc_health_probe -service, Envoy, Kubernetes probes) would otherwise get NOT_FOUND. Every ERP service depends on
/// the database alone, so each one reports every check. The names come from the generated code, so a new service is
/// covered without anyone remembering to list it.
/// </summary>
internal static class ServiceHealth
{
    public static void MapEveryErpService(GrpcHealthChecksOptions options)
    {
        foreach (var name in ErpServiceNames())
        {
            options.Services.Map(name, _ => true);
        }
    }

    private static IEnumerable<string> ErpServiceNames() =>
        typeof(ServiceHealth).Assembly.GetTypes()
            .Select(type => type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
            .Where(property => property?.PropertyType == typeof(ServiceDescriptor))
            .Select(property => ((ServiceDescriptor)property!.GetValue(null)!).FullName);
}
