using System.Reflection;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Tenancy;

/// <summary>
/// Every gRPC method: those the running portal maps (our services, health, reflection) and those our protos
/// declare, so a service that is written but not yet mapped needs a case too. Keys look like "portal.erp.v1.PartnershipsService/GetPartnership".
/// </summary>
public static class GrpcEndpoints
{
    public static IReadOnlyList<string> Discover(PortalFactory portal)
    {
        var mapped = portal.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<GrpcMethodMetadata>())
            .OfType<GrpcMethodMetadata>()
            .Select(m => m.Method.FullName.TrimStart('/'));
        var declared = typeof(Portal.Erp.V1.PartnershipsService).Assembly.GetTypes()
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
            .Where(p => p?.PropertyType == typeof(FileDescriptor))
            .SelectMany(p => ((FileDescriptor)p!.GetValue(null)!).Services)
            .SelectMany(s => s.Methods.Select(m => $"{s.FullName}/{m.Name}"));
        return [.. mapped.Concat(declared).Distinct().Order(StringComparer.Ordinal)];
    }
}
