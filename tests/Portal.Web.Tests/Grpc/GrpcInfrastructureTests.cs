using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
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
    public async Task Every_erp_service_reflection_lists_answers_health_checks_by_its_name(DatabaseProvider provider)
    {
        using var channel = hosts.For(provider).CreateGrpcChannel();
        var health = new Health.HealthClient(channel);

        var services = (await ListServicesAsync(channel)).Where(s => s.StartsWith("portal.erp.v1.", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(services);
        foreach (var service in services)
        {
            var response = await health.CheckAsync(new HealthCheckRequest { Service = service }, cancellationToken: TestContext.Current.CancellationToken);
            Assert.True(response.Status == HealthCheckResponse.Types.ServingStatus.Serving, service);
        }
        var unknown = await Assert.ThrowsAsync<RpcException>(() =>
            health.CheckAsync(new HealthCheckRequest { Service = "portal.erp.v1.NoSuchService" }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Theory, OnBothDatabases]
    public async Task Reflection_lists_the_partnerships_service(DatabaseProvider provider)
    {
        using var channel = hosts.For(provider).CreateGrpcChannel();

        Assert.Contains("portal.erp.v1.PartnershipsService", await ListServicesAsync(channel));
    }

    private static async Task<List<string>> ListServicesAsync(GrpcChannel channel)
    {
        using var call = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo(cancellationToken: TestContext.Current.CancellationToken);
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" }, TestContext.Current.CancellationToken);
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(TestContext.Current.CancellationToken));
        return call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
    }
}
