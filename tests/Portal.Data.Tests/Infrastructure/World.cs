using Portal.Data.Organisations;
using Portal.Data.Partnerships;
using Portal.Data.Tenancy;
using Portal.Data.Users;

namespace Portal.Data.Tests.Infrastructure;

/// <summary>
/// The people and companies most tests need: one supplier with an admin, an account lead assigned to
/// partnership A and an engineer assigned nowhere; customers A and B, each with a lead and an engineer,
/// each in its own partnership.
/// </summary>
public sealed record World(
    long SupplierOrgId,
    long CustomerAOrgId,
    long CustomerBOrgId,
    long AdminId,
    long AccountLeadId,
    long UnassignedEngineerId,
    long CustomerLeadAId,
    long CustomerEngineerAId,
    long CustomerLeadBId,
    long CustomerEngineerBId,
    long PartnershipAId,
    long PartnershipBId)
{
    /// <summary>What the start-up seed acts as before any admin user exists.</summary>
    public static readonly CallerScope Bootstrap = new()
    {
        Kind = ActorKind.System,
        ActorName = "test seed",
        IsAdmin = true,
        IsSupplier = true,
        PartnershipIds = [],
    };

    public static async Task<World> SeedAsync(TestDatabase db)
    {
        var supplier = await db.Organisations.CreateAsync(Bootstrap, "Acme Components", OrganisationKind.Supplier, Ct);
        var customerA = await db.Organisations.CreateAsync(Bootstrap, "Alpha Motors", OrganisationKind.Customer, Ct);
        var customerB = await db.Organisations.CreateAsync(Bootstrap, "Beta Tractors", OrganisationKind.Customer, Ct);

        async Task<long> AddUser(long organisationId, string email, PortalRole role) =>
            (await db.Users.CreateAsync(Bootstrap, new NewUser(organisationId, email, email.Split('@')[0], role), null, Ct)).Id;

        var admin = await AddUser(supplier.Id, "ada.admin@acme.test", PortalRole.Admin);
        var accountLead = await AddUser(supplier.Id, "lou.lead@acme.test", PortalRole.AccountLead);
        var engineer = await AddUser(supplier.Id, "ed.engineer@acme.test", PortalRole.Engineer);
        var leadA = await AddUser(customerA.Id, "alice.lead@alpha.test", PortalRole.CustomerLead);
        var engineerA = await AddUser(customerA.Id, "arno.engineer@alpha.test", PortalRole.CustomerEngineer);
        var leadB = await AddUser(customerB.Id, "bea.lead@beta.test", PortalRole.CustomerLead);
        var engineerB = await AddUser(customerB.Id, "bert.engineer@beta.test", PortalRole.CustomerEngineer);

        var partnershipA = await db.Partnerships.CreateAsync(Bootstrap, new PartnershipInput("Alpha programme", customerA.Id, "eur", accountLead, leadA), Ct);
        var partnershipB = await db.Partnerships.CreateAsync(Bootstrap, new PartnershipInput("Beta programme", customerB.Id, "USD", null, leadB), Ct);

        return new World(supplier.Id, customerA.Id, customerB.Id, admin, accountLead, engineer, leadA, engineerA, leadB, engineerB,
            partnershipA.Id, partnershipB.Id);
    }
}
