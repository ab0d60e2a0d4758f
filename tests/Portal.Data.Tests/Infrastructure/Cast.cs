using Portal.Data.ErpClients;
using Portal.Data.Tenancy;
using Portal.Data.Users;

namespace Portal.Data.Tests.Infrastructure;

/// <summary>
/// Everyone who can act on partnership A, one of each kind: every <see cref="PortalRole"/> (supplier staff assigned to
/// the partnership, admins seeing it anyway, the customer's lead and engineer) and the partnership's ERP client.
/// Side-enforcement tests run every action as each of them.
/// </summary>
public sealed record Cast(IReadOnlyDictionary<string, CallerScope> Scopes)
{
    public const string Admin = "supplier admin";
    public const string AccountLead = "account lead";
    public const string Engineer = "engineer";
    public const string QualityEngineer = "quality engineer";
    public const string Finance = "finance";
    public const string CustomerLead = "customer lead";
    public const string CustomerEngineer = "customer engineer";
    public const string ErpClient = "ERP client";

    public static readonly IReadOnlyList<string> Everyone = [Admin, AccountLead, Engineer, QualityEngineer, Finance, CustomerLead, CustomerEngineer, ErpClient];

    public CallerScope this[string who] => Scopes[who];

    public static async Task<Cast> SeedAsync(TestDatabase db, World world)
    {
        var bootstrap = World.Bootstrap with { PartnershipIds = [world.PartnershipAId] };
        async Task<CallerScope> AssignedAsync(string email, PortalRole role)
        {
            var user = await db.Users.CreateAsync(World.Bootstrap, new NewUser(world.SupplierOrgId, email, email.Split('@')[0], role), null, Ct);
            await db.Partnerships.AssignMemberAsync(bootstrap, world.PartnershipAId, user.Id, Ct);
            return await db.ScopeOfAsync(user.Id);
        }
        var erp = await db.ErpClients.CreateAsync(bootstrap, world.PartnershipAId, "Alpha SAP", [ErpScopes.Sync], cancellationToken: Ct);
        var cast = new Cast(new Dictionary<string, CallerScope>
        {
            [Admin] = await db.ScopeOfAsync(world.AdminId),
            [AccountLead] = await db.ScopeOfAsync(world.AccountLeadId),
            [Engineer] = await AssignedAsync("eli.engineer@acme.test", PortalRole.Engineer),
            [QualityEngineer] = await AssignedAsync("quinn.quality@acme.test", PortalRole.QualityEngineer),
            [Finance] = await AssignedAsync("fay.finance@acme.test", PortalRole.Finance),
            [CustomerLead] = await db.ScopeOfAsync(world.CustomerLeadAId),
            [CustomerEngineer] = await db.ScopeOfAsync(world.CustomerEngineerAId),
            [ErpClient] = (await db.Scopes.ForErpClientAsync(erp!.Client.ClientId, Ct))!,
        });
        // Every role exists once: a role added to PortalRole without a place here fails every enumeration.
        Assert.Equal(Enum.GetValues<PortalRole>().Order(), cast.Scopes.Values.Select(s => s.Role).OfType<PortalRole>().Order());
        return cast;
    }
}
