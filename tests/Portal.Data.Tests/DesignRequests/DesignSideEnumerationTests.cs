using Portal.Data.Database;
using Portal.Data.DesignRequests;
using Portal.Data.Tenancy;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.DesignRequests;

/// <summary>
/// Every design-request move × everyone who can act on the partnership, each on a request where only the caller's side
/// could stop it. The supplier's engineering and account staff advance and give the verdict; the customer's people
/// withdraw; supplier finance and ERP clients move nothing. A refusal is a ScopeException and changes nothing.
/// </summary>
public sealed class DesignSideEnumerationTests
{
    private static readonly string[] SupplierStaff = [Cast.Admin, Cast.AccountLead, Cast.Engineer, Cast.QualityEngineer];
    private static readonly string[] CustomerPeople = [Cast.CustomerLead, Cast.CustomerEngineer];

    private sealed record Move(string Name, bool InFeasibility, string[] Allowed, Func<TestDatabase, CallerScope, World, long, Task<DesignRequest?>> Run);

    private static readonly Move[] Moves =
    [
        new("advance", false, SupplierStaff, (db, who, w, id) => db.DesignRequests.AdvanceAsync(who, id, w.AccountLeadId, Ct)),
        new("record a verdict", true, SupplierStaff, (db, who, w, id) => db.DesignRequests.RecordVerdictAsync(who, id, new VerdictInput(FitVerdict.Fit, null, null, null, null), Ct)),
        new("withdraw", false, CustomerPeople, (db, who, w, id) => db.DesignRequests.WithdrawAsync(who, id, Ct)),
    ];

    [Theory, OnBothDatabases]
    public async Task Every_design_move_is_allowed_exactly_to_its_side(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var cast = await Cast.SeedAsync(db, world);
        var outcomes = new List<string>();
        foreach (var move in Moves)
        {
            foreach (var who in Cast.Everyone)
            {
                var request = (await db.DesignRequests.RaiseAsync(cast[Cast.CustomerEngineer], world.PartnershipAId, DesignRequestStoreTests.Intake, [], Ct))!;
                if (move.InFeasibility)
                {
                    await db.DesignRequests.AdvanceAsync(cast[Cast.AccountLead], request.Id, world.AccountLeadId, Ct);
                }
                var before = (await db.DesignRequests.GetDetailsAsync(cast[Cast.Admin], request.Id, Ct))!.Request;
                try
                {
                    Assert.NotNull(await move.Run(db, cast[who], world, request.Id));
                    outcomes.Add($"{move.Name} by {who}: allowed");
                }
                catch (ScopeException)
                {
                    Assert.Equal(before, (await db.DesignRequests.GetDetailsAsync(cast[Cast.Admin], request.Id, Ct))!.Request);
                    outcomes.Add($"{move.Name} by {who}: refused");
                }
            }
        }

        Assert.Equal(Moves.SelectMany(m => Cast.Everyone.Select(who => $"{m.Name} by {who}: {(m.Allowed.Contains(who) ? "allowed" : "refused")}")), outcomes);
    }
}
