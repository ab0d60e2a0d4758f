using Dapper;
using Portal.Data.ChangeFeed;
using Portal.Data.Changes;
using Portal.Data.Credit;
using Portal.Data.Database;
using Portal.Data.Notifications;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Changes;

public sealed class ChangeRecorderTests
{
    private static CreditArrangement Arrangement(long partnershipId, CreditArrangementState state) => new()
    {
        Id = 41, PartnershipId = partnershipId, Kind = CreditArrangementKind.TemporaryExtension, ExtensionMinor = 2_500_000, Currency = "EUR",
        Reason = "Season", StartsOn = new DateOnly(2026, 12, 10), EndsOn = new DateOnly(2027, 1, 31), State = state, RequestedByUserId = 99,
        RequestedByName = "Cleo", RequestedAt = TestDatabase.Start,
    };

    private static Change<CreditArrangementChange, CreditArrangement> Approval(long partnershipId, params long[] told) =>
        ChangeKinds.CreditArrangement.Of(partnershipId, 41, CreditArrangementChange.Approved, Arrangement(partnershipId, CreditArrangementState.Requested),
                Arrangement(partnershipId, CreditArrangementState.Approved))
            .Telling(told, "Credit request approved", "By the lead.");

    [Theory, OnBothDatabases]
    public async Task One_change_writes_the_trail_the_projected_feed_entry_and_the_notifications(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var p = world.PartnershipAId;
        var lead = await db.ScopeOfAsync(world.AccountLeadId);
        var change = Approval(p, world.CustomerLeadAId, world.CustomerLeadBId).Saying("  Within appetite. ");

        await db.Database.InTransactionAsync((connection, transaction) => db.Changes.RecordAsync(connection, transaction, lead, change, Ct), Ct);

        var trail = Assert.Single(await AuditRows.ForEntityAsync(db, "CreditArrangement", 41));
        Assert.Equal(("Approved", "Within appetite."), (trail.Action, trail.Note));
        Assert.Contains("\"state\":\"Approved\"", trail.AfterJson, StringComparison.Ordinal);
        var entry = Assert.Single((await db.ChangeFeed.ReadAsync(lead, p, 0, 10, Ct))!.Entries);
        Assert.Equal((FeedEntity.CreditArrangement, 41L, "Approved"), (entry.Entity, entry.EntityId, entry.Change));
        Assert.DoesNotContain("requestedByUserId", entry.DataJson, StringComparison.Ordinal);
        // The other customer's lead cannot see the partnership: only customer A's lead is told.
        var news = Assert.Single((await db.Notifications.GetPageAsync(world.CustomerLeadAId, false, 1, Ct)).Items);
        Assert.Equal(new NotificationTarget("CreditArrangement", 41), news.Target);
        Assert.Equal(0, await db.Notifications.CountUnreadAsync(world.CustomerLeadBId, Ct));
    }

    [Theory, OnBothDatabases]
    public async Task Nobody_is_told_of_their_own_change_and_the_news_names_its_partnership(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var p = world.PartnershipAId;
        var lead = await db.ScopeOfAsync(world.AccountLeadId);
        var change = Approval(p, world.AccountLeadId, world.CustomerLeadAId);

        await db.Database.InTransactionAsync((connection, transaction) => db.Changes.RecordAsync(connection, transaction, lead, change, Ct), Ct);

        Assert.Equal(0, await db.Notifications.CountUnreadAsync(world.AccountLeadId, Ct));
        var news = Assert.Single((await db.Notifications.GetPageAsync(world.CustomerLeadAId, false, 1, Ct)).Items);
        Assert.Equal((await db.Partnerships.GetAsync(lead, p, Ct))!.Name, news.PartnershipName);
    }

    [Theory, OnBothDatabases]
    public async Task A_change_rolled_back_leaves_no_trail_feed_or_notification(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var p = world.PartnershipAId;
        var lead = await db.ScopeOfAsync(world.AccountLeadId);
        var before = await AuditRows.CountAsync(db);
        var change = ChangeKinds.CreditArrangement.Of(p, 41, CreditArrangementChange.Requested, null, Arrangement(p, CreditArrangementState.Requested))
            .Telling([world.CustomerLeadAId], "Credit request", "Asked.");

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.Database.InTransactionAsync(async (connection, transaction) =>
        {
            await db.Changes.RecordAsync(connection, transaction, lead, change, Ct);
            throw new InvalidOperationException("The change itself failed.");
        }, Ct));

        Assert.Equal(before, await AuditRows.CountAsync(db));
        Assert.Empty((await db.ChangeFeed.ReadAsync(lead, p, 0, 10, Ct))!.Entries);
        Assert.Equal(0, await db.Notifications.CountUnreadAsync(world.CustomerLeadAId, Ct));
    }

    [Fact]
    public void Every_kind_has_its_own_trail_name()
    {
        Assert.Equal(ChangeKinds.All.Count, ChangeKinds.All.Select(k => k.Entity).Distinct().Count());
        Assert.All(ChangeKinds.All, k => Assert.NotEmpty(k.Actions));
    }

    /// <summary>
    /// The recorder is the one writer of the trail, the feed and change notifications in the data layer, and URLs are the
    /// web's: a store that appends to the feed by hand, or builds a path, fails here.
    /// </summary>
    [Fact]
    public void Only_the_recorder_writes_the_trail_and_the_feed_and_the_data_layer_builds_no_links()
    {
        var root = Path.Combine(RepositoryRoot(), "src", "Portal.Data");
        var sources = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(f => (Path: Path.GetRelativePath(root, f).Replace('\\', '/'), Text: File.ReadAllText(f))).ToList();
        string[] plumbing = ["Changes/ChangeRecorder.cs", "Audit/AuditTrail.cs", "ChangeFeed/ChangeFeedWriter.cs", "PortalDataServices.cs"];

        Assert.Empty(sources.Where(s => !plumbing.Contains(s.Path) && (s.Text.Contains("AuditTrail", StringComparison.Ordinal) || s.Text.Contains("ChangeFeedWriter", StringComparison.Ordinal))).Select(s => s.Path));
        Assert.Empty(sources.Where(s => s.Text.Contains("\"/p/", StringComparison.Ordinal) || s.Text.Contains("$\"/p/", StringComparison.Ordinal)).Select(s => s.Path));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Portal.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Portal.sln not found above the test's directory.");
    }
}
