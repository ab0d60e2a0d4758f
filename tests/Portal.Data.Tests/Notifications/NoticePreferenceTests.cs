using Dapper;
using Portal.Data.Changes;
using Portal.Data.Credit;
using Portal.Data.Database;
using Portal.Data.Notifications;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Notifications;

/// <summary>Each person's delivery per kind of notice, honoured where the recorder stores notices, and the daily digest.</summary>
public sealed class NoticePreferenceTests
{
    private static readonly string CreditKind = ChangeKinds.CreditArrangement.Entity;
    private static readonly string QualityKind = ChangeKinds.QualityIssue.Entity;

    [Theory, OnBothDatabases]
    public async Task A_kind_set_to_none_stores_nothing_and_a_kind_set_to_digest_waits_for_the_digest(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var customerLead = await db.ScopeOfAsync(world.CustomerLeadAId);
        await db.Profiles.SetDeliveriesAsync(customerLead, new Dictionary<string, NoticeDelivery> { [CreditKind] = NoticeDelivery.Digest, [QualityKind] = NoticeDelivery.None }, Ct);

        await RecordApprovalAsync(db, world, world.PartnershipAId, world.CustomerLeadAId, world.CustomerEngineerAId);
        await NotifyQualityAsync(db, world.PartnershipAId, world.CustomerLeadAId, world.CustomerEngineerAId);

        // The engineer keeps the defaults: both notices in the list at once.
        Assert.Equal(2, await db.Notifications.CountUnreadAsync(world.CustomerEngineerAId, Ct));
        // The lead: the quality notice was never stored, the credit one is held out of the list.
        Assert.Equal(0, await db.Notifications.CountUnreadAsync(world.CustomerLeadAId, Ct));
        Assert.Empty((await db.Notifications.GetPageAsync(world.CustomerLeadAId, false, 1, Ct)).Items);
        Assert.Equal(1, await RowsOfAsync(db, world.CustomerLeadAId));

        var digest = await db.NoticeDigests.GatherAsync(world.CustomerLeadAId, Ct);

        Assert.NotNull(digest);
        Assert.Equal(NoticeDigestStore.DigestTitle(1), digest.Title);
        Assert.Contains("Credit request approved", digest.Body, StringComparison.Ordinal);
        var listed = Assert.Single((await db.Notifications.GetPageAsync(world.CustomerLeadAId, false, 1, Ct)).Items);
        Assert.Equal(digest.Id, listed.Id);
    }

    [Theory, OnBothDatabases]
    public async Task Back_to_the_portal_the_kind_reaches_the_list_again(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var customerLead = await db.ScopeOfAsync(world.CustomerLeadAId);
        await db.Profiles.SetDeliveriesAsync(customerLead, new Dictionary<string, NoticeDelivery> { [CreditKind] = NoticeDelivery.None }, Ct);
        await db.Profiles.SetDeliveriesAsync(customerLead, new Dictionary<string, NoticeDelivery> { [CreditKind] = NoticeDelivery.Portal }, Ct);

        await RecordApprovalAsync(db, world, world.PartnershipAId, world.CustomerLeadAId);

        Assert.Equal(1, await db.Notifications.CountUnreadAsync(world.CustomerLeadAId, Ct));
        Assert.Equal(NoticeDelivery.Portal, (await db.Profiles.GetAsync(customerLead, Ct))!.DeliveryOf(CreditKind));
    }

    [Theory, OnBothDatabases]
    public async Task The_digest_run_twice_in_a_day_stores_one_digest_and_the_next_day_another(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        await db.Profiles.SetDeliveriesAsync(await db.ScopeOfAsync(world.CustomerLeadAId), new Dictionary<string, NoticeDelivery> { [CreditKind] = NoticeDelivery.Digest }, Ct);
        await RecordApprovalAsync(db, world, world.PartnershipAId, world.CustomerLeadAId);

        Assert.Equal([world.CustomerLeadAId], await db.NoticeDigests.PeopleWithHeldNoticesAsync(Ct));
        Assert.NotNull(await db.NoticeDigests.GatherAsync(world.CustomerLeadAId, Ct));
        await RecordApprovalAsync(db, world, world.PartnershipAId, world.CustomerLeadAId);
        Assert.Null(await db.NoticeDigests.GatherAsync(world.CustomerLeadAId, Ct));
        Assert.Equal(1, await DigestsOfAsync(db, world.CustomerLeadAId));

        db.Clock.Advance(TimeSpan.FromDays(1));
        var tomorrow = await db.NoticeDigests.GatherAsync(world.CustomerLeadAId, Ct);

        Assert.Equal(NoticeDigestStore.DigestTitle(1), tomorrow!.Title);
        Assert.Equal(2, await DigestsOfAsync(db, world.CustomerLeadAId));
        Assert.Empty(await db.NoticeDigests.PeopleWithHeldNoticesAsync(Ct));
    }

    [Theory, OnBothDatabases]
    public async Task A_digest_never_names_a_partnership_its_reader_cannot_see(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);
        var names = (A: (await db.Partnerships.GetAsync(admin, world.PartnershipAId, Ct))!.Name, B: (await db.Partnerships.GetAsync(admin, world.PartnershipBId, Ct))!.Name);
        await db.Partnerships.AssignMemberAsync(admin, world.PartnershipAId, world.UnassignedEngineerId, Ct);
        foreach (var person in new[] { world.CustomerLeadAId, world.CustomerLeadBId, world.UnassignedEngineerId })
        {
            await db.Profiles.SetDeliveriesAsync(await db.ScopeOfAsync(person), new Dictionary<string, NoticeDelivery> { [CreditKind] = NoticeDelivery.Digest }, Ct);
        }
        // A feature's mistaken recipient list names customer B's lead on A's news: the tenancy rule holds it back.
        await RecordApprovalAsync(db, world, world.PartnershipAId, world.CustomerLeadAId, world.CustomerLeadBId, world.UnassignedEngineerId);
        await RecordApprovalAsync(db, world, world.PartnershipBId, world.CustomerLeadBId);
        // The engineer leaves partnership A's team after the news was held: the digest no longer names it.
        Assert.True(await db.Partnerships.UnassignMemberAsync(admin, world.PartnershipAId, world.UnassignedEngineerId, Ct));

        var a = await db.NoticeDigests.GatherAsync(world.CustomerLeadAId, Ct);
        var b = await db.NoticeDigests.GatherAsync(world.CustomerLeadBId, Ct);
        var engineer = await db.NoticeDigests.GatherAsync(world.UnassignedEngineerId, Ct);

        Assert.Contains(names.A, a!.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(names.B, a.Body, StringComparison.Ordinal);
        Assert.Equal(NoticeDigestStore.DigestTitle(1), b!.Title);
        Assert.DoesNotContain(names.A, b.Body, StringComparison.Ordinal);
        Assert.Null(engineer);
        Assert.Equal(0, await RowsOfAsync(db, world.UnassignedEngineerId));
    }

    [Theory, OnBothDatabases]
    public async Task A_kind_the_portal_does_not_send_is_refused(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);

        var lead = await db.ScopeOfAsync(world.CustomerLeadAId);

        await Assert.ThrowsAsync<ValidationException>(() => db.Profiles.SetDeliveriesAsync(lead, new Dictionary<string, NoticeDelivery> { ["Everything"] = NoticeDelivery.None }, Ct));
    }

    private static async Task RecordApprovalAsync(TestDatabase db, World world, long partnershipId, params long[] told)
    {
        var arrangement = new CreditArrangement
        {
            Id = 41, PartnershipId = partnershipId, Kind = CreditArrangementKind.TemporaryExtension, ExtensionMinor = 2_500_000, Currency = "EUR",
            Reason = "Season", StartsOn = new DateOnly(2026, 12, 10), EndsOn = new DateOnly(2027, 1, 31), State = CreditArrangementState.Approved,
            RequestedByUserId = 99, RequestedByName = "Cleo", RequestedAt = TestDatabase.Start,
        };
        var change = ChangeKinds.CreditArrangement.Of(partnershipId, 41, CreditArrangementChange.Approved, null, arrangement)
            .Telling(told, "Credit request approved", "By Finance.");
        var finance = await db.ScopeOfAsync(world.AdminId);
        await db.Database.InTransactionAsync((connection, transaction) => db.Changes.RecordAsync(connection, transaction, finance, change, Ct), Ct);
    }

    private static Task<int> NotifyQualityAsync(TestDatabase db, long partnershipId, params long[] userIds) =>
        db.Database.InTransactionAsync((connection, transaction) =>
            db.Notifications.NotifyAsync(connection, transaction, partnershipId, userIds, "Issue raised", "A new issue needs you.", new NotificationTarget(QualityKind, 1)), Ct);

    private static async Task<long> RowsOfAsync(TestDatabase db, long userId)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM notifications WHERE user_id = @userId", new { userId });
    }

    private static async Task<long> DigestsOfAsync(TestDatabase db, long userId)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM notifications WHERE user_id = @userId AND digest_on IS NOT NULL", new { userId });
    }
}
