using Portal.Data.Database;
using Portal.Data.Quality;
using Portal.Data.Tenancy;
using Portal.Data.Tests.Infrastructure;
using Portal.Data.Users;
using Portal.Data.Work;

namespace Portal.Data.Tests.Quality;

/// <summary>
/// A new issue never starts unowned: D1–D3 go to the owner the partnership chose for the severity, else its quality
/// engineer, else the supplier's account lead; the later steps are assigned as the work reaches them.
/// </summary>
public sealed class DefaultOwnerTests
{
    [Theory, OnBothDatabases]
    public async Task A_new_critical_issue_puts_its_containment_in_the_quality_engineers_work(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var q = await QualityWorld.SeedAsync(db);
        var qualityEngineerId = await AddSupplierPersonAsync(db, q.World, "quinn.quality@acme.test", PortalRole.QualityEngineer);

        var issue = (await db.QualityIssues.RaiseAsync(await db.ScopeOfAsync(q.World.CustomerEngineerAId), q.World.PartnershipAId, q.Cracked(), [], Ct))!;

        Assert.All(issue.Steps.Where(s => s.Step <= EightDStep.D3), s => Assert.Equal(qualityEngineerId, s.OwnerUserId));
        Assert.All(issue.Steps.Where(s => s.Step > EightDStep.D3), s => Assert.Null(s.OwnerUserId));
        var work = (await db.Work.GetPageAsync(await db.ScopeOfAsync(qualityEngineerId), 1, Ct)).Items.Items;
        var containment = Assert.Single(work, w => w.What.StartsWith("D3", StringComparison.Ordinal));
        Assert.Equal((WorkKind.QualityStep, issue.Id, TestDatabase.Start.AddHours(24)), (containment.Kind, containment.RecordId, containment.DueAt));
        Assert.Equal(3, work.Count);
    }

    [Theory, OnBothDatabases]
    public async Task Without_a_quality_engineer_the_account_lead_owns_containment_and_an_erp_raise_gets_the_same(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var q = await QualityWorld.SeedAsync(db);

        var (fromErp, _) = await db.QualityIssues.RaiseFromErpAsync(CallerScope.ForSystem("erp", q.World.PartnershipAId),
            new ErpQualityIssue("req-1", "D-1", 1, "Wrong finish", "Matte instead of gloss.", Severity.Minor, 10, 10), Ct);

        Assert.Equal([q.World.AccountLeadId, q.World.AccountLeadId, q.World.AccountLeadId, null, null, null, null, null], fromErp.Steps.Select(s => s.OwnerUserId));
    }

    [Theory, OnBothDatabases]
    public async Task The_partnership_chooses_an_owner_per_severity_from_its_supplier_people(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var q = await QualityWorld.SeedAsync(db);
        var p = q.World.PartnershipAId;
        var lead = await db.ScopeOfAsync(q.World.AccountLeadId);
        var qualityEngineerId = await AddSupplierPersonAsync(db, q.World, "quinn.quality@acme.test", PortalRole.QualityEngineer);
        var engineerId = await AddSupplierPersonAsync(db, q.World, "eve.engineer@acme.test", PortalRole.Engineer);

        await db.ContainmentTargets.SetAsync(lead, p, Severity.Critical, 12, engineerId, Ct);
        var refused = await Assert.ThrowsAsync<ValidationException>(() => db.ContainmentTargets.SetAsync(lead, p, Severity.Major, 72, q.World.CustomerEngineerAId, Ct));
        await Assert.ThrowsAsync<ValidationException>(() => db.ContainmentTargets.SetAsync(lead, p, Severity.Major, 72, q.World.UnassignedEngineerId, Ct));

        Assert.Equal(["MajorOwner"], refused.Errors.Keys);
        Assert.Equal(new Dictionary<Severity, long> { [Severity.Critical] = engineerId }, await db.ContainmentTargets.GetDefaultOwnersAsync(lead, p, Ct));
        Assert.Empty(await db.ContainmentTargets.GetDefaultOwnersAsync(await db.ScopeOfAsync(q.World.CustomerLeadBId), p, Ct));
        Assert.Equal(engineerId, await D3OwnerAsync(Severity.Critical));
        Assert.Equal(qualityEngineerId, await D3OwnerAsync(Severity.Major));

        // Someone taken off the partnership no longer receives its issues.
        await db.Partnerships.UnassignMemberAsync(await db.ScopeOfAsync(q.World.AdminId), p, engineerId, Ct);
        Assert.Equal(qualityEngineerId, await D3OwnerAsync(Severity.Critical));

        async Task<long?> D3OwnerAsync(Severity severity) =>
            (await db.QualityIssues.RaiseAsync(lead, p, q.Cracked(severity), [], Ct))!.Steps.Single(s => s.Step == EightDStep.D3).OwnerUserId;
    }

    private static async Task<long> AddSupplierPersonAsync(TestDatabase db, World world, string email, PortalRole role)
    {
        var id = (await db.Users.CreateAsync(World.Bootstrap, new NewUser(world.SupplierOrgId, email, email.Split('@')[0], role), null, Ct)).Id;
        await db.Partnerships.AssignMemberAsync(World.Bootstrap with { PartnershipIds = [world.PartnershipAId] }, world.PartnershipAId, id, Ct);
        return id;
    }
}
