using Portal.Data.Database;
using Portal.Data.Reviews;
using Portal.Data.Tests.Infrastructure;
using Portal.Data.Tests.Reviews;

namespace Portal.Data.Tests.Work;

public sealed class DigestStoreTests
{
    [Theory, OnBothDatabases]
    public async Task The_digest_holds_what_falls_due_within_a_week_once_a_day(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ReviewWorld.SeedAsync(db);
        var (review, lead) = await w.OpenReviewAsync(db);
        var item = (await db.Meetings.AddItemAsync(lead, w.A, review.Id, "Forecast", "", Ct))!;
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        await db.ActionItems.AddAsync(lead, w.A, review.Id, item.Id, new NewActionItem("Share the forecast", w.World.CustomerLeadAId, today.AddDays(3), null), Ct);
        await db.ActionItems.AddAsync(lead, w.A, review.Id, item.Id, new NewActionItem("Plan next year", w.World.CustomerLeadAId, today.AddDays(20), null), Ct);
        await w.LoanAsync(db, "S-9", "InUse", today.AddDays(5));
        var customerLead = await db.ScopeOfAsync(w.World.CustomerLeadAId);

        var digest = (await db.Digests.StoreTodayAsync(customerLead, Ct))!;

        // The loan is the customer lead's to send back: in their work, so in the digest as that, once.
        Assert.Equal([("Action item from a review", "Share the forecast"), ("Send the loaned item back", "Spectrometer")], digest.Entries.Select(e => (e.What, e.Title)));
        Assert.Null(await db.Digests.StoreTodayAsync(customerLead, Ct));
        Assert.Equal(digest.Entries, (await db.Digests.GetLatestAsync(w.World.CustomerLeadAId, Ct))!.Entries);
        Assert.Empty((await db.Digests.StoreTodayAsync(await db.ScopeOfAsync(w.World.CustomerLeadBId), Ct))!.Entries);
    }
}
