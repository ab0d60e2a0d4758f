using Dapper;
using Portal.Data.ChangeFeed;
using Portal.Data.Database;
using Portal.Data.Loans;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Loans;

public sealed class LoanStoreTests
{
    [Theory, OnBothDatabases]
    public async Task A_loan_runs_from_request_to_return_and_the_return_updates_the_register(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await LoanWorld.SeedAsync(db);
        var (lead, customer) = (await db.ScopeOfAsync(w.World.AccountLeadId), await db.ScopeOfAsync(w.World.CustomerEngineerAId));
        var p = w.World.PartnershipAId;

        var loan = await w.LoanToAAsync(db, LoanState.InUse);
        Assert.Equal((LoanState.InUse, 40_000L, 100_000L, "EUR", EquipmentCondition.Good, LoanWorld.Today), (loan.State, loan.MonthlyFeeMinor, loan.DepositMinor, loan.Currency, loan.ConditionAtShipping!.Value, loan.InUseSince!.Value));
        db.Clock.Advance(TimeSpan.FromDays(40));
        await db.Loans.TransitionAsync(customer, p, loan.Id, LoanState.ReturnDue, new LoanStep(Note: "Project finished"), Ct);
        var missingCondition = await Assert.ThrowsAsync<ValidationException>(() => db.Loans.TransitionAsync(lead, p, loan.Id, LoanState.Returned, new LoanStep(), Ct));
        Assert.Equal(["Condition"], missingCondition.Errors.Keys);

        var returned = (await db.Loans.TransitionAsync(lead, p, loan.Id, LoanState.Returned, new LoanStep(EquipmentCondition.Fair, "Scratched lid"), Ct))!;

        Assert.Equal((LoanState.Returned, EquipmentCondition.Fair), (returned.State, returned.ConditionAtReturn!.Value));
        Assert.NotNull(returned.ClosedAt);
        Assert.Equal(EquipmentCondition.Fair, (await db.Equipment.GetAsync(lead, w.SpectrometerId, Ct))!.Condition);
        var events = await db.Loans.ListEventsAsync(customer, loan.Id, Ct);
        Assert.Equal(["-→Requested", "Requested→Approved", "Approved→Shipped", "Shipped→InUse", "InUse→ReturnDue", "ReturnDue→Returned"],
            events.Select(e => $"{e.FromState?.ToString() ?? "-"}→{e.ToState}"));
        Assert.Equal([true, false, false, true, true, false], events.Select(e => e.ActorCustomer));
        Assert.Equal(EquipmentCondition.Good, events[2].Condition);
        Assert.Equal("Scratched lid", events[5].Note);
        Assert.Equal(["Requested", "Approved", "Shipped", "InUse", "ReturnDue", "Returned"], (await AuditRows.ForEntityAsync(db, "EquipmentLoan", loan.Id)).Select(a => a.Action));
        var feed = (await db.ChangeFeed.ReadAsync(customer, p, 0, 100, Ct))!.Entries.Where(e => e.Entity == FeedEntity.EquipmentLoan).ToList();
        Assert.Equal(6, feed.Count);
        Assert.All(feed, e => Assert.DoesNotContain("Shelf B3", e.DataJson));
        Assert.All(feed, e => Assert.DoesNotContain("internal only", e.DataJson));
    }

    [Theory, OnBothDatabases]
    public async Task Converting_credits_the_agreed_share_of_rent_and_takes_the_item_out_of_lending(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await LoanWorld.SeedAsync(db);
        var lead = await db.ScopeOfAsync(w.World.AccountLeadId);
        var p = w.World.PartnershipAId;
        var loan = await w.LoanToAAsync(db, LoanState.InUse, monthlyFeeMinor: 40_000);
        db.Clock.Advance(TimeSpan.FromDays(100));
        Assert.Equal(LoanRules.DefaultRentCreditPercent, await db.Loans.GetRentCreditPercentAsync(lead, p, Ct));
        var customer = await db.ScopeOfAsync(w.World.CustomerLeadAId);
        await Assert.ThrowsAsync<ScopeException>(() => db.Loans.SetRentCreditPercentAsync(customer, p, 100, Ct));
        await Assert.ThrowsAsync<ValidationException>(() => db.Loans.SetRentCreditPercentAsync(lead, p, 101, Ct));
        Assert.True(await db.Loans.SetRentCreditPercentAsync(lead, p, 75, Ct));

        var converted = (await db.Loans.TransitionAsync(lead, p, loan.Id, LoanState.ConvertedToPurchase, new LoanStep(Note: "Customer keeps it"), Ct))!;

        // Three full months in use at 400.00 a month, 75 % credited: 1 200 000 − 90 000.
        Assert.Equal((LoanState.ConvertedToPurchase, 75, 1_110_000L), (converted.State, converted.RentCreditPercent!.Value, converted.ConversionPriceMinor!.Value));
        var item = (await db.Equipment.GetAsync(lead, w.SpectrometerId, Ct))!;
        Assert.True(item.Retired);
        Assert.Null(item.ActiveLoanState);
    }

    [Theory, OnBothDatabases]
    public async Task Only_legal_moves_by_the_right_side_are_accepted(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await LoanWorld.SeedAsync(db);
        var p = w.World.PartnershipAId;
        await db.Partnerships.AssignMemberAsync(World.Bootstrap with { PartnershipIds = [p] }, p, w.World.UnassignedEngineerId, Ct);
        var (lead, customer, engineer) = (await db.ScopeOfAsync(w.World.AccountLeadId), await db.ScopeOfAsync(w.World.CustomerLeadAId), await db.ScopeOfAsync(w.World.UnassignedEngineerId));
        var loan = (await db.Loans.RequestAsync(customer, p, w.Trial(), Ct))!;

        await Assert.ThrowsAsync<ScopeException>(() => db.Loans.RequestAsync(engineer, p, w.Trial(), Ct));
        await Assert.ThrowsAsync<ScopeException>(() => db.Loans.TransitionAsync(customer, p, loan.Id, LoanState.Approved, new LoanStep(), Ct));
        await Assert.ThrowsAsync<ScopeException>(() => db.Loans.TransitionAsync(engineer, p, loan.Id, LoanState.Approved, new LoanStep(), Ct));
        var illegal = await Assert.ThrowsAsync<ValidationException>(() => db.Loans.TransitionAsync(lead, p, loan.Id, LoanState.Shipped, new LoanStep(EquipmentCondition.Good), Ct));
        Assert.Equal(["To"], illegal.Errors.Keys);
        Assert.Equal(LoanState.Requested, (await db.Loans.GetAsync(lead, loan.Id, Ct))!.State);

        var item = (await db.Equipment.GetAsync(lead, w.SpectrometerId, Ct))!;
        await db.Equipment.UpdateAsync(lead, item.Id, LoanWorld.Item(item.Name, item.Model, item.Serial, item.ValueMinor, true) with { Retired = true }, Ct);
        var retired = await Assert.ThrowsAsync<ValidationException>(() => db.Loans.TransitionAsync(lead, p, loan.Id, LoanState.Approved, new LoanStep(), Ct));
        Assert.Equal(["EquipmentId"], retired.Errors.Keys);

        var cancelled = (await db.Loans.TransitionAsync(customer, p, loan.Id, LoanState.Cancelled, new LoanStep(Note: "Found one locally"), Ct))!;
        Assert.Equal(LoanState.Cancelled, cancelled.State);
    }

    [Theory, OnBothDatabases]
    public async Task Closed_loans_come_a_page_at_a_time_most_recently_closed_first_and_stay_off_the_board(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await LoanWorld.SeedAsync(db);
        var (lead, customer) = (await db.ScopeOfAsync(w.World.AccountLeadId), await db.ScopeOfAsync(w.World.CustomerEngineerAId));
        var p = w.World.PartnershipAId;
        var closed = new List<long>();
        for (var i = 0; i < LoanStore.ClosedPageSize + 2; i++)
        {
            var request = (await db.Loans.RequestAsync(customer, p, w.Trial(), Ct))!;
            db.Clock.Advance(TimeSpan.FromMinutes(1));
            closed.Add((await db.Loans.TransitionAsync(customer, p, request.Id, LoanState.Cancelled, new LoanStep(), Ct))!.Id);
        }
        var open = (await db.Loans.RequestAsync(customer, p, w.Trial(), Ct))!;

        var first = await db.Loans.GetClosedPageAsync(lead, p, new LoanListFilter(Descending: true), 1, cancellationToken: Ct);
        var second = await db.Loans.GetClosedPageAsync(customer, p, new LoanListFilter(Descending: true), 2, cancellationToken: Ct);

        Assert.Equal((LoanStore.ClosedPageSize + 2L, 2), (first.Total, first.PageCount));
        Assert.Equal(Enumerable.Reverse(closed).Take(LoanStore.ClosedPageSize), first.Items.Select(l => l.Id));
        Assert.Equal(closed.Take(2).Reverse(), second.Items.Select(l => l.Id));
        Assert.Equal([open.Id], (await db.Loans.ListOpenAsync(lead, p, cancellationToken: Ct)).Select(l => l.Id));
    }

    [Theory, OnBothDatabases]
    public async Task An_items_loans_come_a_page_at_a_time_latest_request_first_in_the_callers_partnerships(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await LoanWorld.SeedAsync(db);
        var (lead, customer) = (await db.ScopeOfAsync(w.World.AccountLeadId), await db.ScopeOfAsync(w.World.CustomerEngineerAId));
        var p = w.World.PartnershipAId;
        var loans = new List<long>();
        for (var i = 0; i < LoanStore.EquipmentLoansPageSize + 2; i++)
        {
            var request = (await db.Loans.RequestAsync(customer, p, w.Trial(), Ct))!;
            db.Clock.Advance(TimeSpan.FromMinutes(1));
            loans.Add((await db.Loans.TransitionAsync(customer, p, request.Id, LoanState.Cancelled, new LoanStep(), Ct))!.Id);
        }

        var first = await db.Loans.GetPageForEquipmentAsync(lead, w.SpectrometerId, 1, Ct);
        var second = await db.Loans.GetPageForEquipmentAsync(lead, w.SpectrometerId, 2, Ct);

        Assert.Equal((LoanStore.EquipmentLoansPageSize + 2L, 2), (first.Total, first.PageCount));
        Assert.Equal(Enumerable.Reverse(loans).Take(LoanStore.EquipmentLoansPageSize), first.Items.Select(l => l.Id));
        Assert.Equal(loans.Take(2).Reverse(), second.Items.Select(l => l.Id));
    }

    [Theory, OnBothDatabases]
    public async Task Customers_request_only_what_is_offered_and_free_and_cannot_set_terms(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await LoanWorld.SeedAsync(db);
        var (lead, customer) = (await db.ScopeOfAsync(w.World.AccountLeadId), await db.ScopeOfAsync(w.World.CustomerEngineerAId));
        var p = w.World.PartnershipAId;

        var choices = await db.Equipment.ChoicesAsync(customer, p, Ct);
        Assert.Equal([w.SpectrometerId], choices.Select(c => c.Id));
        Assert.All(choices, c => Assert.Null(c.Serial));
        Assert.Equal([w.SpectrometerId, w.InHouseProbeId], (await db.Equipment.ChoicesAsync(lead, p, Ct)).Select(c => c.Id).Order());
        foreach (var refused in new[] { w.InHouseProbeId, w.RetiredRigId, 999_999 })
        {
            var error = await Assert.ThrowsAsync<ValidationException>(() => db.Loans.RequestAsync(customer, p, w.Trial(refused), Ct));
            Assert.Equal(["EquipmentId"], error.Errors.Keys);
        }
        var asked = (await db.Loans.RequestAsync(customer, p, w.Trial() with { MonthlyFeeMinor = 1, Terms = "Free forever" }, Ct))!;
        Assert.Equal((0L, ""), (asked.MonthlyFeeMinor, asked.Terms));

        await db.Loans.TransitionAsync(lead, p, asked.Id, LoanState.Approved, new LoanStep(), Ct);

        Assert.Empty(await db.Equipment.ChoicesAsync(customer, p, Ct));
        var byLead = (await db.Loans.RequestAsync(lead, p, w.Trial(w.InHouseProbeId) with { MonthlyFeeMinor = 5_000, Terms = "Return calibrated" }, Ct))!;
        Assert.Equal((5_000L, "Return calibrated", false), (byLead.MonthlyFeeMinor, byLead.Terms, byLead.RequestedByCustomer));
    }

    [Theory, OnBothDatabases]
    public async Task An_item_on_an_active_loan_cannot_be_approved_again(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await LoanWorld.SeedAsync(db);
        var (lead, customer) = (await db.ScopeOfAsync(w.World.AccountLeadId), await db.ScopeOfAsync(w.World.CustomerEngineerAId));
        var p = w.World.PartnershipAId;
        var first = (await db.Loans.RequestAsync(lead, p, w.Trial(), Ct))!;
        var second = (await db.Loans.RequestAsync(lead, p, w.Trial() with { Purpose = "Second team" }, Ct))!;
        await db.Loans.TransitionAsync(lead, p, first.Id, LoanState.Approved, new LoanStep(), Ct);

        var refused = await Assert.ThrowsAsync<ValidationException>(() => db.Loans.TransitionAsync(lead, p, second.Id, LoanState.Approved, new LoanStep(), Ct));

        Assert.Equal(LoanStore.EquipmentTaken, refused.Errors["EquipmentId"]);
        Assert.Equal(LoanState.Requested, (await db.Loans.GetAsync(customer, second.Id, Ct))!.State);
        // Once the first loan is over the item is free again.
        await db.Loans.TransitionAsync(lead, p, first.Id, LoanState.Cancelled, new LoanStep(), Ct);
        Assert.Equal(LoanState.Approved, (await db.Loans.TransitionAsync(lead, p, second.Id, LoanState.Approved, new LoanStep(), Ct))!.State);
    }

    [Theory, OnBothDatabases]
    public async Task Two_approvals_racing_for_one_item_leave_one_winner(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await LoanWorld.SeedAsync(db);
        var lead = await db.ScopeOfAsync(w.World.AccountLeadId);
        var p = w.World.PartnershipAId;
        var loans = new List<Loan>();
        for (var i = 0; i < 4; i++)
        {
            loans.Add((await db.Loans.RequestAsync(lead, p, w.Trial() with { Purpose = $"Team {i}" }, Ct))!);
        }

        var results = await Task.WhenAll(loans.Select(async loan =>
        {
            try
            {
                await db.Loans.TransitionAsync(lead, p, loan.Id, LoanState.Approved, new LoanStep(), Ct);
                return "approved";
            }
            catch (ValidationException e) when (e.Errors.ContainsKey("EquipmentId"))
            {
                return "refused";
            }
        }));

        Assert.Equal(["approved", "refused", "refused", "refused"], results.Order());
        Assert.Single(await db.Loans.ListOpenAsync(lead, p, cancellationToken: Ct), l => l.State == LoanState.Approved);
    }

    [Theory, OnBothDatabases]
    public async Task Another_customer_sees_and_moves_none_of_As_loans(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await LoanWorld.SeedAsync(db);
        var loan = await w.LoanToAAsync(db, LoanState.Shipped);
        var b = await db.ScopeOfAsync(w.World.CustomerLeadBId);

        Assert.Null(await db.Loans.GetAsync(b, loan.Id, Ct));
        Assert.Empty(await db.Loans.ListOpenAsync(b, w.World.PartnershipAId, cancellationToken: Ct));
        Assert.Equal(0, (await db.Loans.GetClosedPageAsync(b, w.World.PartnershipAId, new LoanListFilter(), 1, cancellationToken: Ct)).Total);
        Assert.Empty(await db.Loans.ListEventsAsync(b, loan.Id, Ct));
        Assert.Equal(0, (await db.Loans.GetPageForEquipmentAsync(b, w.SpectrometerId, 1, Ct)).Total);
        Assert.Null(await db.Loans.TransitionAsync(b, w.World.PartnershipAId, loan.Id, LoanState.InUse, new LoanStep(), Ct));
        Assert.Null(await db.Loans.TransitionAsync(b, w.World.PartnershipBId, loan.Id, LoanState.InUse, new LoanStep(), Ct));
        Assert.Null(await db.Loans.RequestAsync(b, w.World.PartnershipAId, w.Trial(), Ct));
        Assert.Null(await db.Loans.GetRentCreditPercentAsync(b, w.World.PartnershipAId, Ct));
        Assert.Empty(await db.Equipment.ChoicesAsync(b, w.World.PartnershipAId, Ct));
        Assert.Equal(LoanState.Shipped, (await db.Loans.GetAsync(await db.ScopeOfAsync(w.World.CustomerLeadAId), loan.Id, Ct))!.State);
    }

    [Theory, OnBothDatabases]
    public async Task The_overdue_check_moves_the_loan_and_alerts_both_leads_once(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await LoanWorld.SeedAsync(db);
        var p = w.World.PartnershipAId;
        var loan = await w.LoanToAAsync(db, LoanState.InUse);
        var job = Portal.Data.Tenancy.CallerScope.ForSystem("Loan overdue check", p);
        Assert.Equal(0, await db.Loans.CheckOverdueAsync(job, p, Ct));
        Assert.Empty(await db.Loans.PartnershipsWithOverdueLoansAsync(LoanWorld.Today, Ct));
        db.Clock.Advance(TimeSpan.FromDays(200));
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        Assert.Equal([p], await db.Loans.PartnershipsWithOverdueLoansAsync(today, Ct));
        var before = (await UnreadAsync(db, w.World.AccountLeadId), await UnreadAsync(db, w.World.CustomerLeadAId));

        var first = await db.Loans.CheckOverdueAsync(job, p, Ct);
        var second = await db.Loans.CheckOverdueAsync(job, p, Ct);

        Assert.Equal((1, 0), (first, second));
        Assert.Equal(LoanState.ReturnDue, (await db.Loans.GetAsync(job, loan.Id, Ct))!.State);
        Assert.Equal((before.Item1 + 1, before.Item2 + 1), (await UnreadAsync(db, w.World.AccountLeadId), await UnreadAsync(db, w.World.CustomerLeadAId)));
        Assert.Equal(0, await db.Loans.CheckOverdueAsync(Portal.Data.Tenancy.CallerScope.ForSystem("Loan overdue check", w.World.PartnershipBId), p, Ct));
    }

    private static async Task<long> UnreadAsync(TestDatabase db, long userId)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM notifications WHERE user_id = @userId AND title = 'Equipment return overdue'", new { userId });
    }
}
