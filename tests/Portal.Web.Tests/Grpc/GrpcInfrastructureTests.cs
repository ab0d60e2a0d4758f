using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Portal.Data.Database;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Grpc;

/// <summary>What load balancers and tools such as grpcurl rely on, without a token.</summary>
public sealed class GrpcInfrastructureTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task The_health_service_reports_serving(DatabaseProvider provider)
    {
        using var channel = hosts.For(provider).CreateGrpcChannel();

        var response = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Theory, OnBothDatabases]
    public async Task Reflection_lists_the_partnerships_service(DatabaseProvider provider)
    {
        using var channel = hosts.For(provider).CreateGrpcChannel();
        using var call = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo(cancellationToken: TestContext.Current.CancellationToken);

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" }, TestContext.Current.CancellationToken);
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(TestContext.Current.CancellationToken));

        Assert.Contains("portal.erp.v1.Partnerships", call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name));
    }
}
