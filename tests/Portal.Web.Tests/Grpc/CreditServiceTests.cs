using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Credit;
using Portal.Data.Database;
using Portal.Data.ErpClients;
using Portal.Data.Organisations;
using Portal.Data.Partnerships;
using Portal.Data.Tenancy;
using Portal.Erp.V1;
using CreditArrangementKind = Portal.Erp.V1.CreditArrangementKind;
using Portal.Web.Seed;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Grpc;

/// <summary>GetCreditPosition through the real token endpoint and pipeline.</summary>
public sealed class CreditServiceTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task Nordlabs_erp_gets_the_same_position_as_the_credit_page_with_its_active_extension(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var token = await portal.GetTokenAsync(DemoData.Nordlab.ErpClientId, DemoData.Nordlab.ErpSecret);
        var nordlab = (await portal.Services.GetRequiredService<ScopeStore>().ForErpClientAsync(DemoData.Nordlab.ErpClientId, TestContext.Current.CancellationToken))!;
        var expected = (await portal.Services.GetRequiredService<CreditStore>().GetOverviewAsync(nordlab, nordlab.PartnershipIds.Single(), TestContext.Current.CancellationToken))!.Position;

        var position = await new CreditService.CreditServiceClient(portal.CreateGrpcChannel()).GetCreditPositionAsync(new GetCreditPositionRequest(), PortalFactory.Bearer(token), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(("EUR", expected.LimitMinor, expected.EffectiveLimitMinor, expected.ExposureMinor, expected.OverdueMinor),
            (position.Limit.CurrencyCode, position.Limit.AmountMinor, position.EffectiveLimit.AmountMinor, position.Exposure.AmountMinor, position.Overdue.AmountMinor));
        Assert.Equal(position.EffectiveLimit.AmountMinor - position.Exposure.AmountMinor, position.Available.AmountMinor);
        Assert.InRange(position.UtilisationPercent, 85, 95);
        var extension = Assert.Single(position.ActiveArrangements);
        Assert.Equal(CreditArrangementKind.TemporaryExtension, extension.Kind);
        Assert.Equal(position.Limit.AmountMinor + extension.Extension.AmountMinor, position.EffectiveLimit.AmountMinor);
        Assert.True(position.AsOf.ToDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Theory, OnBothDatabases]
    public async Task Another_customers_position_is_not_found_and_a_partnership_without_a_line_is_a_failed_precondition(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var client = new CreditService.CreditServiceClient(portal.CreateGrpcChannel());
        var arcadia = PortalFactory.Bearer(await portal.GetTokenAsync(DemoData.Arcadia.ErpClientId, DemoData.Arcadia.ErpSecret));
        var nordlabId = (await portal.Services.GetRequiredService<ScopeStore>().ForErpClientAsync(DemoData.Nordlab.ErpClientId, TestContext.Current.CancellationToken))!.PartnershipIds.Single();
        var lineless = await LinelessClientAsync(portal);

        var linelessToken = PortalFactory.Bearer(await portal.GetTokenAsync(lineless.Client.ClientId, lineless.Secret));
        var notFound = await Assert.ThrowsAsync<RpcException>(() => client.GetCreditPositionAsync(new GetCreditPositionRequest { PartnershipId = nordlabId }, arcadia,
            cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);
        var precondition = await Assert.ThrowsAsync<RpcException>(() => client.GetCreditPositionAsync(new GetCreditPositionRequest(), linelessToken,
            cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, notFound.StatusCode);
        Assert.DoesNotContain("Nordlab", notFound.Status.Detail);
        Assert.Equal(StatusCode.FailedPrecondition, precondition.StatusCode);
        Assert.Contains("no credit line", precondition.Status.Detail);
    }

    /// <summary>A customer of its own with a partnership that has no credit line, and an ERP client for it.</summary>
    private static async Task<IssuedErpClient> LinelessClientAsync(PortalFactory portal)
    {
        var services = portal.Services;
        var admin = new CallerScope { Kind = ActorKind.System, ActorName = "test", IsAdmin = true, IsSupplier = true, PartnershipIds = [] };
        var name = $"Lineless {Guid.NewGuid():N}";
        var customer = await services.GetRequiredService<OrganisationStore>().CreateAsync(admin, name, OrganisationKind.Customer, TestContext.Current.CancellationToken);
        var partnership = await services.GetRequiredService<PartnershipStore>().CreateAsync(admin, new PartnershipInput(name, customer.Id, "EUR", null, null), TestContext.Current.CancellationToken);
        return (await services.GetRequiredService<ErpClientStore>().CreateAsync(CallerScope.ForSystem("test", partnership.Id), partnership.Id, name, ErpScopes.All,
            cancellationToken: TestContext.Current.CancellationToken))!;
    }
}
