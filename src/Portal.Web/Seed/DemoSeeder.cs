using Microsoft.AspNetCore.Identity;
using Portal.Data.Changes;
using Portal.Data.Attachments;
using Portal.Data.Database;
using Portal.Web.Hosting;
using Portal.Data.Erp;
using Portal.Data.ErpClients;
using Portal.Data.Notifications;
using Portal.Data.Organisations;
using Portal.Data.Partnerships;
using Portal.Data.Profiles;
using Portal.Data.Tenancy;
using Portal.Data.Users;

namespace Portal.Web.Seed;

/// <summary>
/// The one place demo data comes from. It goes through the same stores as the pages, so the demo's audit
/// trail and rules are real. It runs only into an empty database: a second start changes nothing.
/// </summary>
public sealed class DemoSeeder(
    PortalDatabase database,
    OrganisationStore organisations,
    UserStore users,
    PartnershipStore partnerships,
    ErpClientStore erpClients,
    ErpRecordStore erpRecords,
    NotificationStore notifications,
    ProfileStore profiles,
    ScopeStore scopes,
    DemoDesignRequests designRequests,
    DemoScorecards scorecards,
    AttachmentOptions attachmentOptions,
    DemoOptions demoOptions,
    IPasswordHasher<PortalUser> hasher,
    TimeProvider clock,
    ILogger<DemoSeeder> logger)
{
    private const int Seed = 20261123;

    public async Task SeedIfEmptyAsync(CancellationToken cancellationToken = default)
    {
        if (await AnyOrganisationAsync(cancellationToken))
        {
            return;
        }
        logger.SeedingDemo();
        var seeder = new CallerScope { Kind = ActorKind.System, ActorName = "Demo seed", IsAdmin = true, IsSupplier = true, PartnershipIds = [] };

        var orgIds = new Dictionary<string, long>
        {
            [DemoData.SupplierName] = (await organisations.CreateAsync(seeder, DemoData.SupplierName, OrganisationKind.Supplier, cancellationToken)).Id,
        };
        await organisations.SetTimeZoneAsync(seeder, orgIds[DemoData.SupplierName], DemoData.SupplierTimeZone, cancellationToken);
        foreach (var customer in DemoData.Customers)
        {
            orgIds[customer.Name] = (await organisations.CreateAsync(seeder, customer.Name, OrganisationKind.Customer, cancellationToken)).Id;
            await organisations.SetTimeZoneAsync(seeder, orgIds[customer.Name], customer.TimeZone, cancellationToken);
        }

        var userIds = new Dictionary<string, long>();
        foreach (var person in DemoData.Users)
        {
            var hash = hasher.HashPassword(new PortalUser(), DemoData.Password);
            userIds[person.Email] = (await users.CreateAsync(seeder, new NewUser(orgIds[person.Organisation], person.Email, person.Name, person.Role), hash, cancellationToken)).Id;
            if (person.TimeZone is { } zone)
            {
                await profiles.SetTimeZoneAsync(new CallerScope { Kind = ActorKind.User, ActorId = userIds[person.Email], ActorName = person.Name, PartnershipIds = [] }, zone, cancellationToken);
            }
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var index = 0;
        var partnershipIds = new Dictionary<string, long>();
        foreach (var customer in DemoData.Customers)
        {
            var supplierLead = DemoData.Users.Single(u => u.Role == PortalRole.AccountLead && u.AssignedTo.Contains(customer.Name));
            var customerLead = DemoData.Users.Single(u => u.Role == PortalRole.CustomerLead && u.Organisation == customer.Name);
            var partnership = await partnerships.CreateAsync(seeder,
                new PartnershipInput(customer.PartnershipName, orgIds[customer.Name], customer.Currency, userIds[supplierLead.Email], userIds[customerLead.Email]), cancellationToken);
            var scope = seeder with { PartnershipIds = [partnership.Id] };
            partnershipIds[customer.Name] = partnership.Id;
            foreach (var member in DemoData.Users.Where(u => u.AssignedTo.Contains(customer.Name)))
            {
                await partnerships.AssignMemberAsync(scope, partnership.Id, userIds[member.Email], cancellationToken);
            }
            await erpClients.CreateAsync(scope, partnership.Id, $"{customer.Name} ERP", ErpScopes.All, customer.ErpClientId, customer.ErpSecret, cancellationToken);
            await erpRecords.ImportHistoryAsync(scope, partnership.Id, DemoHistory.For(customer, Seed + index++, today, demoOptions.HistoryScale), cancellationToken);
            await database.InTransactionAsync((connection, transaction) => notifications.NotifyAsync(connection, transaction, partnership.Id,
                [userIds[supplierLead.Email], userIds[customerLead.Email]],
                "Your partnership portal is ready",
                $"{customer.Name}'s ERP connection is set up and {HistorySpan()} of orders, deliveries and invoices are in.",
                new NotificationTarget(ChangeKinds.Partnership.Entity, partnership.Id)), cancellationToken);
            await new DemoQuality(database, scopes, attachmentOptions, clock.GetUtcNow()).SeedAsync(partnership.Id, customer, userIds, cancellationToken);
            await new DemoCredit(database, scopes, erpRecords, clock.GetUtcNow()).SeedAsync(partnership.Id, customer, userIds, cancellationToken);
            await designRequests.SeedAsync(partnership.Id, userIds[DemoData.Users.First(u => u.Role == PortalRole.CustomerEngineer && u.Organisation == customer.Name).Email], userIds[DemoData.SupplierEngineer.Email], DemoData.SupplierEngineer.Email, userIds[supplierLead.Email], cancellationToken);
            await new DemoGuarantees(database, scopes, clock).SeedAsync(partnership.Id, customer, userIds[supplierLead.Email], cancellationToken);
        }
        await new DemoLoans(database, scopes, clock.GetUtcNow()).SeedAsync(partnershipIds, userIds, cancellationToken);
        await scorecards.SeedAsync(partnershipIds, userIds[DemoData.Users.Single(u => u.Role == PortalRole.AccountLead && u.AssignedTo.Contains(DemoData.Nordlab.Name)).Email],
            cancellationToken);
        foreach (var customer in DemoData.Customers)
        {
            await new DemoReviews(database, scopes, clock.GetUtcNow()).SeedAsync(partnershipIds[customer.Name], customer, userIds, cancellationToken);
        }
    }

    private string HistorySpan() => DemoHistory.Years(demoOptions.HistoryScale) is var years and > 1 ? $"{years} years" : "twelve months";

    public static void PrintLogins(TextWriter output)
    {
        foreach (var person in DemoData.Users)
        {
            var zone = person.TimeZone ?? (person.Organisation == DemoData.SupplierName ? DemoData.SupplierTimeZone : DemoData.Customers.Single(c => c.Name == person.Organisation).TimeZone);
            output.WriteLine($"demo login: {person.Email} / {DemoData.Password} ({person.Role}, {person.Organisation}, times in {zone})");
        }
        foreach (var customer in DemoData.Customers)
        {
            output.WriteLine($"demo erp client: {customer.ErpClientId} / {customer.ErpSecret} ({customer.Name})");
        }
    }

    private async Task<bool> AnyOrganisationAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await Dapper.SqlMapper.ExecuteScalarAsync<bool>(connection, "SELECT COUNT(*) > 0 FROM organisations");
    }
}
