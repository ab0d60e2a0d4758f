using Portal.Data.ChangeFeed;
using Portal.Data.Database;
using Portal.Data.Guarantees;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Guarantees;

public sealed class PenaltyCreditStoreTests
{
    [Theory, OnBothDatabases]
    public async Task Finance_voids_a_credit_with_a_reason_audited_fed_and_notified(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var (g, credit) = await IssuedAsync(db);
        var finance = await db.ScopeOfAsync(g.FinanceId);

        var voided = await db.PenaltyCredits.VoidAsync(finance, g.World.PartnershipAId, credit.Id, "  Customer's own forecast change caused the late lines. ", Ct);

        Assert.Equal((PenaltyCreditState.Voided, "Customer's own forecast change caused the late lines.", g.FinanceId, "Fay Finance", db.Clock.GetUtcNow()),
            (voided!.State, voided.VoidReason, voided.VoidedBy, voided.VoidedByName, voided.VoidedAt));
        Assert.Equal(["Issued", "Voided"], (await AuditRows.ForEntityAsync(db, "PenaltyCredit", credit.Id)).Select(a => a.Action));
        var feed = (await db.ChangeFeed.ReadAsync(finance, g.World.PartnershipAId, 0, 100, Ct))!.Entries.Where(e => e.Entity == FeedEntity.PenaltyCredit);
        Assert.Equal(["Issued", "Voided"], feed.Select(e => e.Change));
        Assert.Equal(2, (await db.Notifications.GetPageAsync(g.World.CustomerLeadAId, true, 1, Ct)).Items.Count(n => n.Title.StartsWith("Penalty credit", StringComparison.Ordinal)));
        await Assert.ThrowsAsync<ValidationException>(() => db.PenaltyCredits.VoidAsync(finance, g.World.PartnershipAId, credit.Id, "again", Ct));
    }

    [Theory, OnBothDatabases]
    public async Task Only_finance_voids_and_only_with_a_reason(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var (g, credit) = await IssuedAsync(db);
        var p = g.World.PartnershipAId;

        foreach (var notFinance in new[] { await db.ScopeOfAsync(g.World.AccountLeadId), await db.ScopeOfAsync(g.World.AdminId), await db.ScopeOfAsync(g.World.CustomerLeadAId), g.Job })
        {
            await Assert.ThrowsAsync<ScopeException>(() => db.PenaltyCredits.VoidAsync(notFinance, p, credit.Id, "why", Ct));
        }
        var finance = await db.ScopeOfAsync(g.FinanceId);
        var error = await Assert.ThrowsAsync<ValidationException>(() => db.PenaltyCredits.VoidAsync(finance, p, credit.Id, "  ", Ct));
        Assert.Contains("Reason", error.Errors.Keys);
        Assert.Equal(PenaltyCreditState.Issued, (await db.PenaltyCredits.GetAsync(g.Job, p, credit.Id, Ct))!.State);
    }

    [Theory, OnBothDatabases]
    public async Task Finance_not_on_the_partnership_finds_no_credit(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var (g, credit) = await IssuedAsync(db);
        var admin = await db.ScopeOfAsync(g.World.AdminId);
        var other = await db.Users.CreateAsync(admin, new Portal.Data.Users.NewUser(g.World.SupplierOrgId, "fin2@acme.test", "Finn", Portal.Data.Users.PortalRole.Finance), null, Ct);
        await db.Partnerships.AssignMemberAsync(admin, g.World.PartnershipBId, other.Id, Ct);

        var outsider = await db.ScopeOfAsync(other.Id);

        Assert.Null(await db.PenaltyCredits.VoidAsync(outsider, g.World.PartnershipAId, credit.Id, "why", Ct));
        Assert.Null(await db.PenaltyCredits.VoidAsync(outsider, g.World.PartnershipBId, credit.Id, "why", Ct));
        Assert.Equal(PenaltyCreditState.Issued, (await db.PenaltyCredits.GetAsync(g.Job, g.World.PartnershipAId, credit.Id, Ct))!.State);
    }

    private static async Task<(GuaranteeWorld, PenaltyCredit)> IssuedAsync(TestDatabase db)
    {
        var g = await GuaranteeWorld.SeedAsync(db);
        await db.GuaranteeEvaluator.EvaluatePartnershipAsync(g.Job, g.World.PartnershipAId, Ct);
        return (g, Assert.Single(await db.Guarantees.GetCreditsAsync(g.Job, g.World.PartnershipAId, Ct)));
    }
}
