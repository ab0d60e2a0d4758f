using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Partnerships;
using Portal.Data.Tenancy;
using Portal.Data.Users;
using Portal.Web.Seed;

namespace Portal.BrowserTests;

/// <summary>People and scopes on the demo's Nordlab partnership that journeys act as.</summary>
internal static class NordlabPeople
{
    public static async Task<long> PartnershipIdAsync(PortalServer server) =>
        (await server.Services.GetRequiredService<ScopeStore>().ForErpClientAsync(DemoData.Nordlab.ErpClientId))!.PartnershipIds.Single();

    public static async Task<CallerScope> ScopeOfAsync(PortalServer server, string email)
    {
        var id = (await server.Services.GetRequiredService<UserStore>().FindByNormalizedEmailAsync(email.ToUpperInvariant()))!.Id;
        return (await server.Services.GetRequiredService<ScopeStore>().ForUserAsync(id))!;
    }

    /// <summary>A Finance person of the journey's own on Nordlab: fay.finance may have turned on two-factor sign-in in another journey.</summary>
    public static async Task<string> FinanceAsync(PortalServer server, string password)
    {
        var email = await server.AddPersonAsync("Frida Finance", PortalRole.Finance, DemoData.SupplierName, password);
        var personId = (await server.Services.GetRequiredService<UserStore>().FindByNormalizedEmailAsync(email.ToUpperInvariant()))!.Id;
        var nordlab = await PartnershipIdAsync(server);
        Assert.True(await server.Services.GetRequiredService<PartnershipStore>().AssignMemberAsync(CallerScope.ForSystem("browser test", nordlab) with { IsAdmin = true }, nordlab, personId));
        return email;
    }
}
