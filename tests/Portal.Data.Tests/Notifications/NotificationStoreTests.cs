using Portal.Data.Notifications;
using Portal.Data.Database;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Notifications;

public sealed class NotificationStoreTests
{
    [Theory, OnBothDatabases]
    public async Task Only_recipients_who_can_see_the_partnership_are_notified(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        await db.Users.SetActiveAsync(await db.ScopeOfAsync(world.AdminId), world.CustomerLeadAId, false, Ct);

        var sent = await NotifyAsync(db, world.PartnershipAId,
            world.CustomerEngineerAId, world.CustomerEngineerAId, world.CustomerLeadAId, world.AdminId, world.AccountLeadId,
            world.UnassignedEngineerId, world.CustomerLeadBId, world.CustomerEngineerBId, 999_999);

        Assert.Equal(3, sent);
        Assert.Equal(1, await db.Notifications.CountUnreadAsync(world.CustomerEngineerAId, Ct));
        Assert.Equal(1, await db.Notifications.CountUnreadAsync(world.AdminId, Ct));
        Assert.Equal(1, await db.Notifications.CountUnreadAsync(world.AccountLeadId, Ct));
        Assert.Equal(0, await db.Notifications.CountUnreadAsync(world.CustomerLeadAId, Ct));
        Assert.Equal(0, await db.Notifications.CountUnreadAsync(world.UnassignedEngineerId, Ct));
        Assert.Equal(0, await db.Notifications.CountUnreadAsync(world.CustomerLeadBId, Ct));
        Assert.Equal(0, (await db.Notifications.GetPageAsync(world.CustomerEngineerBId, unreadOnly: false, 1, Ct)).Total);
    }

    [Theory, OnBothDatabases]
    public async Task An_empty_recipient_list_notifies_nobody(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);

        Assert.Equal(0, await NotifyAsync(db, world.PartnershipAId));
    }

    [Theory, OnBothDatabases]
    public async Task A_user_reads_their_own_notifications_newest_first(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        await NotifyAsync(db, world.PartnershipAId, world.CustomerEngineerAId);
        db.Clock.Advance(TimeSpan.FromMinutes(5));
        await NotifyAsync(db, world.PartnershipAId, world.CustomerEngineerAId);

        var page = await db.Notifications.GetPageAsync(world.CustomerEngineerAId, unreadOnly: true, 1, Ct);

        Assert.Equal(2, page.Total);
        Assert.Equal([TestDatabase.Start.AddMinutes(5), TestDatabase.Start], page.Items.Select(n => n.CreatedAt));
        Assert.All(page.Items, n => Assert.Equal((world.PartnershipAId, "Issue raised", new NotificationTarget("QualityIssue", 1), (DateTimeOffset?)null), (n.PartnershipId, n.Title, n.Target, n.ReadAt)));
    }

    [Theory, OnBothDatabases]
    public async Task Marking_read_works_only_on_one_s_own_notification(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        await NotifyAsync(db, world.PartnershipAId, world.CustomerEngineerAId, world.CustomerLeadAId);
        var mine = (await db.Notifications.GetPageAsync(world.CustomerEngineerAId, false, 1, Ct)).Items.Single();
        var theirs = (await db.Notifications.GetPageAsync(world.CustomerLeadAId, false, 1, Ct)).Items.Single();
        db.Clock.Advance(TimeSpan.FromHours(1));

        var read = await db.Notifications.MarkReadAsync(world.CustomerEngineerAId, mine.Id, Ct);
        var stolen = await db.Notifications.MarkReadAsync(world.CustomerEngineerAId, theirs.Id, Ct);
        db.Clock.Advance(TimeSpan.FromHours(1));
        var readAgain = await db.Notifications.MarkReadAsync(world.CustomerEngineerAId, mine.Id, Ct);

        Assert.Equal(TestDatabase.Start.AddHours(1), read?.ReadAt);
        Assert.Equal(new NotificationTarget("QualityIssue", 1), read?.Target);
        Assert.Null(stolen);
        Assert.Equal(TestDatabase.Start.AddHours(1), readAgain?.ReadAt);
        Assert.Equal(0, await db.Notifications.CountUnreadAsync(world.CustomerEngineerAId, Ct));
        Assert.Equal(1, await db.Notifications.CountUnreadAsync(world.CustomerLeadAId, Ct));
    }

    [Theory, OnBothDatabases]
    public async Task Marking_all_read_touches_only_the_user_s_unread_ones(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        for (var i = 0; i < 3; i++)
        {
            await NotifyAsync(db, world.PartnershipAId, world.CustomerEngineerAId, world.CustomerLeadAId);
        }
        var first = (await db.Notifications.GetPageAsync(world.CustomerEngineerAId, false, 1, Ct)).Items[^1];
        await db.Notifications.MarkReadAsync(world.CustomerEngineerAId, first.Id, Ct);

        Assert.Equal(2, await db.Notifications.MarkAllReadAsync(world.CustomerEngineerAId, Ct));
        Assert.Equal(0, await db.Notifications.CountUnreadAsync(world.CustomerEngineerAId, Ct));
        Assert.Equal(3, await db.Notifications.CountUnreadAsync(world.CustomerLeadAId, Ct));
        Assert.Equal(0, await db.Notifications.MarkAllReadAsync(world.CustomerEngineerAId, Ct));
    }

    [Theory, OnBothDatabases]
    public async Task Retention_removes_only_read_notifications_older_than_the_cut_off(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        await NotifyAsync(db, world.PartnershipAId, world.CustomerEngineerAId, world.CustomerLeadAId);
        await db.Notifications.MarkAllReadAsync(world.CustomerEngineerAId, Ct);
        db.Clock.Advance(TimeSpan.FromDays(40));

        Assert.Equal(0, await db.Notifications.DeleteReadBeforeAsync(TestDatabase.Start, Ct));
        Assert.Equal(1, await db.Notifications.DeleteReadBeforeAsync(db.Clock.GetUtcNow().AddDays(-30), Ct));
        Assert.Equal(0, (await db.Notifications.GetPageAsync(world.CustomerEngineerAId, false, 1, Ct)).Total);
        Assert.Equal(1, await db.Notifications.CountUnreadAsync(world.CustomerLeadAId, Ct));
    }

    private static Task<int> NotifyAsync(TestDatabase db, long partnershipId, params long[] userIds) =>
        db.Database.InTransactionAsync((connection, transaction) =>
            db.Notifications.NotifyAsync(connection, transaction, partnershipId, userIds, "Issue raised", "A new issue needs you.", new NotificationTarget("QualityIssue", 1)), Ct);
}
