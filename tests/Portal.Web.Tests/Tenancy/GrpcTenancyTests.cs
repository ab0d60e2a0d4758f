using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Database;
using Portal.Grpc.Mapping;
using Portal.Web.Seed;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Tenancy;

/// <summary>Customer B's ERP client, with a real token, calls every gRPC method aiming at customer A and gets nothing of A.</summary>
public sealed class GrpcTenancyTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public void Every_grpc_method_has_a_tenancy_case(DatabaseProvider provider)
    {
        var discovered = GrpcEndpoints.Discover(hosts.For(provider));

        Assert.Contains("portal.erp.v1.PartnershipsService/GetPartnership", discovered);
        Assert.Empty(discovered.Except(GrpcTenancyCases.All.Keys));
        Assert.Empty(GrpcTenancyCases.All.Keys.Except(discovered));
    }

    [Theory, OnBothDatabases]
    public async Task Customer_Bs_erp_client_gets_nothing_of_customer_A_from_any_method(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        var before = await a.SnapshotAsync(portal);
        var token = await portal.GetTokenAsync(DemoData.Arcadia.ErpClientId, DemoData.Arcadia.ErpSecret);
        using var channel = portal.CreateGrpcChannel();
        var failures = new List<string>();

        foreach (var (method, probe) in GrpcTenancyCases.All)
        {
            var outcome = await probe(new GrpcProbe(channel, PortalFactory.Bearer(token), a, portal.Services.GetRequiredService<FeedCursors>()));
            if (CustomerA.Markers.FirstOrDefault(m => outcome.Received.Contains(m, StringComparison.Ordinal)) is { } marker)
            {
                failures.Add($"{method}: the answer contains \"{marker}\"");
            }
            if (outcome.RefusedWith is { } status && status != StatusCode.NotFound)
            {
                failures.Add($"{method}: refused with {status}, expected NOT_FOUND (never confirm that another tenant's record exists)");
            }
        }

        Assert.Empty(failures);
        Assert.Equal(before, await a.SnapshotAsync(portal));
    }
}
