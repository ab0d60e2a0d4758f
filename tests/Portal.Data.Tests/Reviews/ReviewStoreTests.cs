using Dapper;
using Portal.Data.ChangeFeed;
using Portal.Data.Database;
using Portal.Data.Reviews;
using Portal.Data.Reviews.Agenda;
using Portal.Data.Scorecards;
using Portal.Data.Tenancy;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Reviews;

public sealed class ReviewStoreTests
{
    [Theory, OnBothDatabases]
    public async Task A_review_is_scheduled_opened_with_its_agenda_recorded_closed_into_frozen_minutes_and_acknowledged(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ReviewWorld.SeedAsync(db);
        var critical = await w.QualityIssueAsync(db, "Cracked housing", "Critical");
        var (lead, customerLead, engineer) = (await db.ScopeOfAsync(w.World.AccountLeadId), await db.ScopeOfAsync(w.World.CustomerLeadAId), await db.ScopeOfAsync(w.World.CustomerEngineerAId));

        var scheduled = (await db.Reviews.ScheduleAsync(customerLead, w.A, w.Schedule() with { ExtraItems = ["Next year's volumes"] }, Ct))!;
        Assert.Equal((ReviewState.Scheduled, new DateTimeOffset(2026, 3, 9, 9, 0, 0, TimeSpan.Zero), 0), (scheduled.State, scheduled.StartsAt, scheduled.Sequence));
        var opened = (await db.Reviews.OpenAsync(lead, w.A, scheduled.Id, Ct))!;
        var meeting = (await db.Reviews.GetMeetingAsync(engineer, w.A, opened.Id, Ct))!;
        Assert.Equal(ReviewState.Open, opened.State);
        Assert.Equal(["Next year's volumes", "Critical quality issue #" + critical + ": Cracked housing"], meeting.Agenda.Select(i => i.Title));
        var item = meeting.Agenda.Single(i => i.SourceKind == AgendaSourceKind.QualityIssue);
        Assert.Equal(("QualityIssue", critical), (item.SourceEntity!, item.SourceId!.Value));

        await db.Meetings.SaveNotesAsync(engineer, w.A, opened.Id, item.Id, item.Version, "Containment in place at both sites.", Ct);
        await db.Meetings.AddDecisionAsync(lead, w.A, opened.Id, item.Id, "Supplier pays for the 100 % inspection.", Ct);
        var action = (await db.ActionItems.AddAsync(lead, w.A, opened.Id, item.Id, new NewActionItem("Send the 8D report", w.World.CustomerEngineerAId, new DateOnly(2026, 3, 20), $"/p/{w.A}/quality/{critical}"), Ct))!;
        Assert.True(action.OwnerCustomer);
        var closed = (await db.Reviews.CloseAsync(lead, w.A, opened.Id, Ct))!;

        var minutes = (await db.Reviews.GetMeetingAsync(customerLead, w.A, closed.Id, Ct))!.Minutes!;
        var frozen = minutes.Items.Single(i => i.Title.Contains("Cracked housing"));
        Assert.Equal(("Containment in place at both sites.", "Supplier pays for the 100 % inspection.", "Send the 8D report", "Alpha Motors"),
            (frozen.Notes, frozen.Decisions.Single().Text, frozen.Actions.Single().Title, frozen.Actions.Single().Company));
        Assert.Equal(3, minutes.Attendees.Count);
        await Assert.ThrowsAsync<ScopeException>(() => db.Reviews.AcknowledgeAsync(engineer, w.A, closed.Id, Ct));
        await Assert.ThrowsAsync<ScopeException>(() => db.Reviews.AcknowledgeAsync(lead, w.A, closed.Id, Ct));
        var acknowledged = (await db.Reviews.AcknowledgeAsync(customerLead, w.A, closed.Id, Ct))!;
        Assert.Equal("alice.lead", acknowledged.AcknowledgedByName);
        await Assert.ThrowsAsync<ValidationException>(() => db.Reviews.AcknowledgeAsync(customerLead, w.A, closed.Id, Ct));
        Assert.Equal(["Scheduled", "Opened", "NotesSaved", "DecisionRecorded", "Closed", "Acknowledged"], (await AuditRows.ForEntityAsync(db, "Review", closed.Id)).Select(a => a.Action));
        Assert.Equal(["ActionItemAdded"], (await AuditRows.ForEntityAsync(db, "ActionItem", action.Id)).Select(a => a.Action));
    }

    [Theory, OnBothDatabases]
    public async Task Frozen_minutes_refuse_every_change_and_take_an_addendum_with_who_and_when(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ReviewWorld.SeedAsync(db);
        var (review, lead) = await w.OpenReviewAsync(db);
        var item = (await db.Meetings.AddItemAsync(lead, w.A, review.Id, "Forecast", "", Ct))!;
        await db.Reviews.CloseAsync(lead, w.A, review.Id, Ct);
        var before = await MinutesJsonAsync(db, review.Id);

        await Assert.ThrowsAsync<ScopeException>(() => db.Meetings.SaveNotesAsync(lead, w.A, review.Id, item.Id, item.Version, "rewritten", Ct));
        await Assert.ThrowsAsync<ScopeException>(() => db.Meetings.AddDecisionAsync(lead, w.A, review.Id, item.Id, "late decision", Ct));
        await Assert.ThrowsAsync<ScopeException>(() => db.Meetings.AddItemAsync(lead, w.A, review.Id, "late item", "", Ct));
        await Assert.ThrowsAsync<ScopeException>(() => db.Meetings.SkipItemAsync(lead, w.A, review.Id, item.Id, "no", Ct));
        await Assert.ThrowsAsync<ScopeException>(() => db.Meetings.MoveItemAsync(lead, w.A, review.Id, item.Id, true, Ct));
        await Assert.ThrowsAsync<ScopeException>(() => db.ActionItems.AddAsync(lead, w.A, review.Id, item.Id, new NewActionItem("late", w.World.AccountLeadId, new DateOnly(2026, 4, 1), null), Ct));
        await Assert.ThrowsAsync<ValidationException>(() => db.Reviews.CloseAsync(lead, w.A, review.Id, Ct));
        await Assert.ThrowsAsync<ValidationException>(() => db.Reviews.OpenAsync(lead, w.A, review.Id, Ct));
        db.Clock.Advance(TimeSpan.FromHours(2));
        await db.Reviews.AddAddendumAsync(lead, w.A, review.Id, "The forecast was in units, not pallets.", Ct);

        var meeting = (await db.Reviews.GetMeetingAsync(lead, w.A, review.Id, Ct))!;
        Assert.Equal(before, await MinutesJsonAsync(db, review.Id));
        Assert.Equal(("The forecast was in units, not pallets.", "lou.lead", TestDatabase.Start.AddHours(2)), (meeting.Addenda.Single().Text, meeting.Addenda.Single().AuthorName, meeting.Addenda.Single().AddedAt));
        Assert.Equal("", meeting.Agenda.Single().Notes);
        Assert.Null(meeting.Minutes!.Scorecard);
    }

    [Theory, OnBothDatabases]
    public async Task Closing_freezes_a_copy_of_the_latest_scorecards_figures_which_a_later_recompute_leaves_as_it_was(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ReviewWorld.SeedAsync(db);
        var month = new DateOnly(2026, 2, 1);
        await ReviewWorld.SnapshotAsync(db, w.A, month.AddMonths(-1), (ScorecardMetric.QualityPpm, 20_000, "Red"));
        await ReviewWorld.SnapshotAsync(db, w.A, month, (ScorecardMetric.OnTimeInFull, 61_500, "Red"), (ScorecardMetric.InvoicesPaidOnTime, 70_000, "Amber"),
            (ScorecardMetric.QualityPpm, 120_000, "Green"), (ScorecardMetric.LoansOverdue, null, "NoData"), (ScorecardMetric.OverdueAmount, 1_234_500_000, "Red"));
        await ReviewWorld.SnapshotAsync(db, w.B, month.AddMonths(1), (ScorecardMetric.OnTimeInFull, 10_000, "Red"));
        var (review, lead) = await w.OpenReviewAsync(db);

        await db.Reviews.CloseAsync(lead, w.A, review.Id, Ct);

        var card = (await db.Reviews.GetMeetingAsync(lead, w.A, review.Id, Ct))!.Minutes!.Scorecard!;
        Assert.Equal((month, 1, "EUR", (decimal?)40m, "Red", (decimal?)null, "Amber"),
            (card.Month, card.Revision, card.Currency, card.Supplier.Score, card.Supplier.State, card.Customer.Score, card.Customer.State));
        Assert.Equal([("OnTimeInFull", "Supplier", "Red", (decimal?)61.5m, 95m), ("OverdueAmount", "Customer", "Red", 1_234_500m, 95m), ("InvoicesPaidOnTime", "Customer", "Amber", 70m, 95m)],
            card.Metrics.Select(m => (m.Metric, m.Side, m.State, m.Value, m.Target)));
        Assert.Equal(("On time in full", "61.5 %", "1,234,500.00 EUR"), (card.Metrics[0].Label, card.Shown(card.Metrics[0], card.Metrics[0].Value), card.Shown(card.Metrics[1], card.Metrics[1].Value)));
        var frozen = await MinutesJsonAsync(db, review.Id);

        Assert.NotNull(await db.Scorecard.RecomputeAsync(lead, w.A, month, "Late deliveries arrived", Ct));

        Assert.Equal(2, (await db.Scorecards.GetAsync(lead, w.A, null, Ct))!.Current.Snapshot.Revision);
        Assert.Equal(frozen, await MinutesJsonAsync(db, review.Id));
    }

    [Theory, OnBothDatabases]
    public async Task Two_editors_of_one_item_never_lose_each_others_notes(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ReviewWorld.SeedAsync(db);
        var (review, lead) = await w.OpenReviewAsync(db);
        var customerLead = await db.ScopeOfAsync(w.World.CustomerLeadAId);
        var item = (await db.Meetings.AddItemAsync(lead, w.A, review.Id, "Forecast", "", Ct))!;

        // Both loaded version 0 and save at once: exactly one wins, the other learns who and what.
        var saves = new[] { (lead, "Supplier: volumes up 10 %."), (customerLead, "Customer: volumes flat.") }
            .Select(async e =>
            {
                try
                {
                    await db.Meetings.SaveNotesAsync(e.Item1, w.A, review.Id, item.Id, item.Version, e.Item2, Ct);
                    return (Saved: e.Item2, Conflict: (EditConflictException?)null);
                }
                catch (EditConflictException conflict)
                {
                    return (Saved: (string?)null, Conflict: conflict);
                }
            }).ToList();
        var results = await Task.WhenAll(saves);

        var winner = Assert.Single(results, r => r.Saved is not null);
        var loser = Assert.Single(results, r => r.Conflict is not null).Conflict!;
        Assert.Equal(winner.Saved, loser.TheirText);
        Assert.Equal(winner.Saved!.StartsWith("Supplier") ? "lou.lead" : "alice.lead", loser.ChangedBy);
        Assert.Equal(1, loser.CurrentVersion);
        var merged = (await db.Meetings.SaveNotesAsync(lead, w.A, review.Id, item.Id, loser.CurrentVersion, "Both views noted.", Ct))!;
        Assert.Equal((2, "Both views noted."), (merged.Version, merged.Notes));
    }

    [Theory, OnBothDatabases]
    public async Task Each_side_does_only_its_part_and_another_customers_review_is_not_found(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ReviewWorld.SeedAsync(db);
        var cast = await Cast.SeedAsync(db, w.World);
        var (review, lead) = await w.OpenReviewAsync(db);
        var item = (await db.Meetings.AddItemAsync(lead, w.A, review.Id, "Forecast", "", Ct))!;
        var scheduled = (await db.Reviews.ScheduleAsync(lead, w.A, w.Schedule(new DateTime(2026, 4, 9, 10, 0, 0)), Ct))!;

        // Leads of either side shape the review; nobody else does.
        foreach (var who in Cast.Everyone)
        {
            var isLead = who is Cast.Admin or Cast.AccountLead or Cast.CustomerLead;
            var scheduling = db.Reviews.ScheduleAsync(cast[who], w.A, w.Schedule(new DateTime(2026, 5, 9, 10, 0, 0)), Ct);
            var adding = db.Meetings.AddItemAsync(cast[who], w.A, review.Id, $"By {who}", "", Ct);
            if (isLead)
            {
                Assert.NotNull(await scheduling);
                Assert.NotNull(await adding);
            }
            else
            {
                await Assert.ThrowsAsync<ScopeException>(() => scheduling);
                await Assert.ThrowsAsync<ScopeException>(() => adding);
            }
        }
        // Attendees (the customer engineer here) and leads record; an engineer who does not attend does not; ERP clients never.
        Assert.NotNull(await db.Meetings.AddDecisionAsync(cast[Cast.CustomerEngineer], w.A, review.Id, item.Id, "Agreed", Ct));
        Assert.NotNull(await db.Meetings.AddDecisionAsync(cast[Cast.Admin], w.A, review.Id, item.Id, "Agreed too", Ct));
        await Assert.ThrowsAsync<ScopeException>(() => db.Meetings.AddDecisionAsync(cast[Cast.Engineer], w.A, review.Id, item.Id, "Mine", Ct));
        await Assert.ThrowsAsync<ScopeException>(() => db.Meetings.AddDecisionAsync(cast[Cast.ErpClient], w.A, review.Id, item.Id, "Mine", Ct));
        await Assert.ThrowsAsync<ScopeException>(() => db.Reviews.CloseAsync(cast[Cast.CustomerEngineer], w.A, review.Id, Ct));

        // Customer B's lead: A's reviews do not exist, whatever the act.
        var outsider = await db.ScopeOfAsync(w.World.CustomerLeadBId);
        Assert.Null(await db.Reviews.ListAsync(outsider, w.A, 1, Ct));
        Assert.Null(await db.Reviews.GetMeetingAsync(outsider, w.A, review.Id, Ct));
        Assert.Null(await db.Reviews.GetMeetingAsync(outsider, w.B, review.Id, Ct));
        Assert.Null(await db.Reviews.ScheduleAsync(outsider, w.A, w.Schedule(), Ct));
        Assert.Null(await db.Reviews.OpenAsync(outsider, w.A, scheduled.Id, Ct));
        Assert.Null(await db.Reviews.CancelAsync(outsider, w.A, scheduled.Id, "x", Ct));
        Assert.Null(await db.Reviews.CloseAsync(outsider, w.A, review.Id, Ct));
        Assert.Null(await db.Reviews.AcknowledgeAsync(outsider, w.A, review.Id, Ct));
        Assert.Null(await db.Reviews.AddAddendumAsync(outsider, w.A, review.Id, "x", Ct));
        Assert.Null(await db.Meetings.SaveNotesAsync(outsider, w.A, review.Id, item.Id, 0, "x", Ct));
        Assert.Null(await db.Meetings.AddDecisionAsync(outsider, w.B, review.Id, item.Id, "x", Ct));
        Assert.Null(await db.ActionItems.AddAsync(outsider, w.A, review.Id, item.Id, new NewActionItem("x", w.World.CustomerLeadBId, new DateOnly(2026, 4, 1), null), Ct));
        Assert.Equal(ReviewState.Scheduled, (await db.Reviews.GetAsync(lead, w.A, scheduled.Id, Ct))!.State);
    }

    [Theory, OnBothDatabases]
    public async Task Rescheduling_keeps_the_review_and_raises_its_calendar_sequence(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ReviewWorld.SeedAsync(db);
        var lead = await db.ScopeOfAsync(w.World.CustomerLeadAId);
        var review = (await db.Reviews.ScheduleAsync(lead, w.A, w.Schedule(), Ct))!;
        var invalid = await Assert.ThrowsAsync<ValidationException>(() => db.Reviews.RescheduleAsync(lead, w.A, review.Id,
            w.Schedule(new DateTime(2020, 1, 1, 10, 0, 0), w.World.CustomerLeadBId) with { TimeZone = "Europe/Berlin" }, Ct));
        Assert.Equal(["AttendeeIds", "LocalStart"], invalid.Errors.Keys.Order());

        var moved = (await db.Reviews.RescheduleAsync(lead, w.A, review.Id, w.Schedule(new DateTime(2026, 3, 10, 15, 30, 0)), Ct))!;

        Assert.Equal((review.Id, 1, new DateTimeOffset(2026, 3, 10, 14, 30, 0, TimeSpan.Zero)), (moved.Id, moved.Sequence, moved.StartsAt));
        Assert.Equal(15, moved.LocalStart.Hour);
    }

    [Theory, OnBothDatabases]
    public async Task Open_action_items_carry_into_each_next_agenda_with_their_count_and_settled_ones_do_not(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ReviewWorld.SeedAsync(db);
        var (first, lead) = await w.OpenReviewAsync(db);
        var item = (await db.Meetings.AddItemAsync(lead, w.A, first.Id, "Forecast", "", Ct))!;
        var staysOpen = (await db.ActionItems.AddAsync(lead, w.A, first.Id, item.Id, new NewActionItem("Share the forecast", w.World.CustomerLeadAId, new DateOnly(2026, 3, 30), null), Ct))!;
        var done = (await db.ActionItems.AddAsync(lead, w.A, first.Id, item.Id, new NewActionItem("Book the audit", w.World.AccountLeadId, new DateOnly(2026, 3, 30), null), Ct))!;
        await db.Reviews.CloseAsync(lead, w.A, first.Id, Ct);
        var engineer = await db.ScopeOfAsync(w.World.CustomerEngineerAId);
        await Assert.ThrowsAsync<ScopeException>(() => db.ActionItems.CompleteAsync(engineer, w.A, done.Id, Ct));
        await db.ActionItems.CompleteAsync(await db.ScopeOfAsync(w.World.AccountLeadId), w.A, done.Id, Ct);

        db.Clock.Advance(TimeSpan.FromDays(1));
        var (second, _) = await w.OpenReviewAsync(db, new DateTime(2026, 3, 20, 10, 0, 0));
        await db.Reviews.CloseAsync(lead, w.A, second.Id, Ct);
        var (third, _) = await w.OpenReviewAsync(db, new DateTime(2026, 4, 20, 10, 0, 0));

        var carried = (await db.Reviews.GetMeetingAsync(lead, w.A, second.Id, Ct))!.Agenda.Where(i => i.SourceKind == AgendaSourceKind.ActionItem).ToList();
        var carriedAgain = (await db.Reviews.GetMeetingAsync(lead, w.A, third.Id, Ct))!.Agenda.Where(i => i.SourceKind == AgendaSourceKind.ActionItem).ToList();
        Assert.Equal([(staysOpen.Id, 1)], carried.Select(i => (i.SourceId!.Value, i.CarriedCount)));
        Assert.Equal([(staysOpen.Id, 2)], carriedAgain.Select(i => (i.SourceId!.Value, i.CarriedCount)));
        Assert.Equal(2, (await db.ActionItems.GetAsync(lead, w.A, staysOpen.Id, Ct))!.CarriedCount);
    }

    [Theory, OnBothDatabases]
    public async Task Due_and_overdue_notices_go_out_once_each_and_customer_owned_items_reach_the_feed(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ReviewWorld.SeedAsync(db);
        var (review, lead) = await w.OpenReviewAsync(db);
        var item = (await db.Meetings.AddItemAsync(lead, w.A, review.Id, "Forecast", "", Ct))!;
        var customers = (await db.ActionItems.AddAsync(lead, w.A, review.Id, item.Id, new NewActionItem("Share the forecast", w.World.CustomerEngineerAId, new DateOnly(2026, 3, 5), null), Ct))!;
        var suppliers = (await db.ActionItems.AddAsync(lead, w.A, review.Id, item.Id, new NewActionItem("Book the audit", w.World.AccountLeadId, new DateOnly(2026, 3, 20), null), Ct))!;
        var job = CallerScope.ForSystem("action-item-notices", w.A);

        Assert.Equal([w.A], await db.ActionItems.PartnershipsWithDueItemsAsync(Ct));
        Assert.Equal(1, await db.ActionItems.SendDueNoticesAsync(job, w.A, Ct));
        Assert.Equal(0, await db.ActionItems.SendDueNoticesAsync(job, w.A, Ct));
        db.Clock.Advance(TimeSpan.FromDays(4));
        Assert.Equal(1, await db.ActionItems.SendDueNoticesAsync(job, w.A, Ct));
        Assert.Equal(0, await db.ActionItems.SendDueNoticesAsync(job, w.A, Ct));
        Assert.Equal(0, await db.ActionItems.SendDueNoticesAsync(CallerScope.ForSystem("action-item-notices", w.B), w.A, Ct));
        var notices = (await db.Notifications.GetPageAsync(w.World.CustomerEngineerAId, false, 1, Ct)).Items.Select(n => n.Title).ToList();
        Assert.Equal(["Action item overdue", "Action item due in 3 day(s)", "Action item for you", "Review scheduled"], notices);

        await db.ActionItems.DropAsync(await db.ScopeOfAsync(w.World.CustomerEngineerAId), w.A, customers.Id, "Forecast moved to the ERP", Ct);
        var feed = (await db.ChangeFeed.ReadAsync(await db.ScopeOfAsync(w.World.CustomerLeadAId), w.A, 0, 100, Ct))!.Entries.Where(e => e.Entity == FeedEntity.ActionItem).ToList();
        Assert.Equal([(customers.Id, "ActionItemAdded"), (customers.Id, "ActionItemDropped")], feed.Select(e => (e.EntityId, e.Change)));
        Assert.Contains("\"dropReason\":\"Forecast moved to the ERP\"", feed[1].DataJson);
        Assert.DoesNotContain(feed, e => e.EntityId == suppliers.Id);
    }

    [Theory, OnBothDatabases]
    public async Task The_erp_reads_page_by_page_exactly_the_action_items_the_feed_publishes(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ReviewWorld.SeedAsync(db);
        var (review, lead) = await w.OpenReviewAsync(db);
        var item = (await db.Meetings.AddItemAsync(lead, w.A, review.Id, "Forecast", "", Ct))!;
        async Task<long> AddAsync(string title, long owner) =>
            (await db.ActionItems.AddAsync(lead, w.A, review.Id, item.Id, new NewActionItem(title, owner, new DateOnly(2026, 3, 20), null), Ct))!.Id;
        var forecast = await AddAsync("Share the forecast", w.World.CustomerEngineerAId);
        var audit = await AddAsync("Book the audit", w.World.AccountLeadId);
        var volumes = await AddAsync("Confirm the volumes", w.World.CustomerLeadAId);
        var drawings = await AddAsync("Send the drawings", w.World.CustomerEngineerAId);
        await db.ActionItems.CompleteAsync(lead, w.A, volumes, Ct);
        var reader = await db.ScopeOfAsync(w.World.CustomerLeadAId);
        var outsider = await db.ScopeOfAsync(w.World.CustomerLeadBId);

        var (first, total) = await db.ActionItems.ListPublishedAsync(reader, w.A, null, 0, 2, Ct);
        var (rest, _) = await db.ActionItems.ListPublishedAsync(reader, w.A, null, first[^1].Id, 2, Ct);
        var open = await db.ActionItems.ListPublishedAsync(reader, w.A, ActionItemState.Open, 0, 10, Ct);

        Assert.Equal([forecast, volumes, drawings], first.Concat(rest).Select(i => i.Id));
        Assert.Equal([forecast, drawings], open.Items.Select(i => i.Id));
        Assert.Equal((3, 2), (total, open.Total));
        Assert.Equal(ActionItemFeedV1.Of((await db.ActionItems.GetAsync(reader, w.A, volumes, Ct))!), await db.ActionItems.GetPublishedAsync(reader, w.A, volumes, Ct));
        Assert.Equal("Done", first.Concat(rest).Single(i => i.Id == volumes).State);
        Assert.Null(await db.ActionItems.GetPublishedAsync(reader, w.A, audit, Ct));
        var outsiders = await db.ActionItems.ListPublishedAsync(outsider, w.A, null, 0, 10, Ct);
        Assert.Empty(outsiders.Items);
        Assert.Equal(0, outsiders.Total);
        Assert.Null(await db.ActionItems.GetPublishedAsync(outsider, w.A, forecast, Ct));
        Assert.Null(await db.ActionItems.GetPublishedAsync(outsider, w.B, forecast, Ct));
    }

    [Theory, OnBothDatabases]
    public async Task An_open_action_item_waits_in_its_owners_work_until_it_is_done(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ReviewWorld.SeedAsync(db);
        var (review, lead) = await w.OpenReviewAsync(db);
        var item = (await db.Meetings.AddItemAsync(lead, w.A, review.Id, "Forecast", "", Ct))!;
        var action = (await db.ActionItems.AddAsync(lead, w.A, review.Id, item.Id, new NewActionItem("Share the forecast", w.World.CustomerEngineerAId, new DateOnly(2026, 3, 5), null), Ct))!;
        var owner = await db.ScopeOfAsync(w.World.CustomerEngineerAId);

        var work = (await db.Work.GetPageAsync(owner, 1, Ct)).Items.Items.Single();
        Assert.Equal((Portal.Data.Work.WorkKind.ActionItem, "Share the forecast", "Review", review.Id, new DateTimeOffset(2026, 3, 6, 0, 0, 0, TimeSpan.Zero)),
            (work.Kind, work.Title, work.Entity, work.RecordId, work.DueAt!.Value));
        Assert.Empty((await db.Work.GetPageAsync(lead, 1, Ct)).Items.Items);
        await db.ActionItems.CompleteAsync(owner, w.A, action.Id, Ct);
        Assert.Empty((await db.Work.GetPageAsync(owner, 1, Ct)).Items.Items);
    }

    private static async Task<string?> MinutesJsonAsync(TestDatabase db, long reviewId)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        return await connection.ExecuteScalarAsync<string?>("SELECT minutes_json FROM reviews WHERE id = @reviewId", new { reviewId });
    }
}
