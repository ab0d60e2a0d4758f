using Portal.Data.Audit;
using Portal.Data.Database;
using Portal.Data.Tenancy;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Audit;

public sealed class AuditStoreTests
{
    private static readonly AuditFilter NoFilter = new(null, null, null, null, null);

    [Theory, OnBothDatabases]
    public async Task The_trail_pages_newest_first(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);
        var existing = (await db.AuditLog.GetPageForPartnershipAsync(admin, world.PartnershipAId, NoFilter, 1, cancellationToken: Ct)).Total;
        await RecordAsync(db, admin, world.PartnershipAId, count: 30, i => ("Issue", "Raised"));

        var first = await db.AuditLog.GetPageForPartnershipAsync(admin, world.PartnershipAId, NoFilter, 0, cancellationToken: Ct);
        var second = await db.AuditLog.GetPageForPartnershipAsync(admin, world.PartnershipAId, NoFilter, 2, cancellationToken: Ct);

        var total = existing + 30;
        Assert.Equal((1, AuditStore.PageSize, total, 2), (first.PageNumber, first.Items.Count, first.Total, first.PageCount));
        Assert.Equal(total - AuditStore.PageSize, second.Items.Count);
        Assert.Equal("29", first.Items[0].EntityId);
        Assert.Equal("5", first.Items[^1].EntityId);
        Assert.Equal("4", second.Items[0].EntityId);
        var all = first.Items.Concat(second.Items).Select(e => e.OccurredAt).ToList();
        Assert.Equal(all.OrderDescending(), all);
    }

    [Theory, OnBothDatabases]
    public async Task Admins_read_the_changes_that_belong_to_no_partnership_and_nobody_else_does(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var (admin, lead) = (await db.ScopeOfAsync(world.AdminId), await db.ScopeOfAsync(world.AccountLeadId));
        var item = await db.Equipment.CreateAsync(lead, Loans.LoanWorld.Item("Audit probe", "AP-1", "AP-0001", 1_000, true), Ct);

        var outside = await db.AuditLog.GetPageOutsidePartnershipsAsync(admin, NoFilter with { Entity = "Equipment" }, 1, cancellationToken: Ct);
        var entities = await db.AuditLog.GetEntitiesOutsidePartnershipsAsync(admin, Ct);
        var inA = await db.AuditLog.GetPageForPartnershipAsync(admin, world.PartnershipAId, NoFilter with { Entity = "Equipment" }, 1, cancellationToken: Ct);

        Assert.Equal(("Equipment", item.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "Added"), (outside.Items[0].Entity, outside.Items[0].EntityId, outside.Items[0].Action));
        Assert.All((await db.AuditLog.GetPageOutsidePartnershipsAsync(admin, NoFilter, 1, cancellationToken: Ct)).Items, e => Assert.Null(e.PartnershipId));
        Assert.Contains("Equipment", entities);
        Assert.Equal(0, inA.Total);
        await Assert.ThrowsAsync<ScopeException>(() => db.AuditLog.GetPageOutsidePartnershipsAsync(lead, NoFilter, 1, cancellationToken: Ct));
        var customerLead = await db.ScopeOfAsync(world.CustomerLeadAId);
        await Assert.ThrowsAsync<ScopeException>(() => db.AuditLog.GetEntitiesOutsidePartnershipsAsync(customerLead, Ct));
    }

    [Theory, OnBothDatabases]
    public async Task A_page_number_far_past_the_end_is_an_empty_page_not_an_error(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);

        var page = await db.AuditLog.GetPageForPartnershipAsync(admin, world.PartnershipAId, NoFilter, int.MaxValue, cancellationToken: Ct);

        Assert.Empty(page.Items);
        Assert.True(page.Total > 0);
    }

    [Theory, OnBothDatabases]
    public async Task Filters_narrow_by_entity_action_actor_and_whole_days(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);
        var leadA = await db.ScopeOfAsync(world.CustomerLeadAId);
        // Six hours apart from 2 March 09:00: 2 March holds entries 0-2, 3 March 3-6, 4 March 7-9.
        await RecordAsync(db, admin, world.PartnershipAId, count: 10, i => (i % 2 == 0 ? "Issue" : "Loan", i % 3 == 0 ? "Raised" : "Closed"), TimeSpan.FromHours(6));
        await RecordAsync(db, leadA, world.PartnershipAId, count: 2, _ => ("Issue", "Raised"), TimeSpan.FromHours(6));

        async Task<List<string>> Ids(AuditFilter filter) =>
            (await db.AuditLog.GetPageForPartnershipAsync(admin, world.PartnershipAId, filter, 1, cancellationToken: Ct)).Items
                .Where(e => e.Entity != "Partnership").Select(e => $"{e.ActorName}:{e.EntityId}").ToList();

        Assert.Equal(["alice.lead:1", "alice.lead:0", "ada.admin:8", "ada.admin:6", "ada.admin:4", "ada.admin:2", "ada.admin:0"], await Ids(NoFilter with { Entity = "Issue" }));
        Assert.Equal(["ada.admin:9", "ada.admin:6", "ada.admin:3", "ada.admin:0"], await Ids(new AuditFilter(null, "Raised", " ADA ", null, null)));
        Assert.Equal(["alice.lead:1", "alice.lead:0"], await Ids(NoFilter with { Actor = "Lead" }));
        Assert.Equal(["ada.admin:6", "ada.admin:5", "ada.admin:4", "ada.admin:3"], await Ids(new AuditFilter(null, null, "ada", new DateOnly(2026, 3, 3), new DateOnly(2026, 3, 3))));
        Assert.Equal(["ada.admin:9", "ada.admin:8", "ada.admin:7"], await Ids(new AuditFilter(null, null, "ada", new DateOnly(2026, 3, 4), null)));
        Assert.Equal(["ada.admin:2", "ada.admin:1", "ada.admin:0"], await Ids(new AuditFilter(null, null, "ada", null, new DateOnly(2026, 3, 2))));
        Assert.Equal(["Issue", "Loan", "Partnership"], await db.AuditLog.GetEntitiesForPartnershipAsync(admin, world.PartnershipAId, Ct));
    }

    [Theory, OnBothDatabases]
    public async Task Another_partnership_s_trail_is_empty_not_forbidden(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);
        var leadB = await db.ScopeOfAsync(world.CustomerLeadBId);
        await RecordAsync(db, admin, world.PartnershipAId, count: 3, _ => ("Issue", "Raised"));

        var page = await db.AuditLog.GetPageForPartnershipAsync(leadB, world.PartnershipAId, NoFilter, 1, cancellationToken: Ct);

        Assert.Equal((0, 0L), (page.Items.Count, page.Total));
        Assert.Empty(await db.AuditLog.GetEntitiesForPartnershipAsync(leadB, world.PartnershipAId, Ct));
        Assert.DoesNotContain((await db.AuditLog.GetPageForPartnershipAsync(leadB, world.PartnershipBId, NoFilter, 1, cancellationToken: Ct)).Items, e => e.Entity == "Issue");
    }

    /// <summary>Writes <paramref name="count"/> rows with entity ids 0..count-1, the clock moving on between them.</summary>
    private static async Task RecordAsync(TestDatabase db, CallerScope actor, long partnershipId, int count,
        Func<int, (string Entity, string Action)> describe, TimeSpan? step = null)
    {
        for (var i = 0; i < count; i++)
        {
            var (entity, action) = describe(i);
            await db.Database.InTransactionAsync((connection, transaction) =>
                db.Trail.RecordAsync(connection, transaction, actor, partnershipId, entity, i, action, null, null), Ct);
            db.Clock.Advance(step ?? TimeSpan.FromMinutes(1));
        }
    }
}
