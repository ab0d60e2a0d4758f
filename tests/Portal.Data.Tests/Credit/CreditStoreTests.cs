using Dapper;
using Portal.Data.ChangeFeed;
using Portal.Data.Credit;
using Portal.Data.Database;
using Portal.Data.Erp;
using Portal.Data.Tenancy;
using Portal.Data.Tests.Erp;
using Portal.Data.Tests.Infrastructure;
using Portal.Data.Users;

namespace Portal.Data.Tests.Credit;

/// <summary>
/// On <see cref="SampleHistory"/> (seen on 2 March 2026): open invoices F-1002 (300.00 left of 500.00, due 1 March, so
/// 1 day overdue) and F-1003 (700.00, due 22 March): exposure 1000.00, overdue 300.00.
/// </summary>
public sealed class CreditStoreTests
{
    private sealed record CreditWorld(World World, long FinanceId, long SecondFinanceId)
    {
        public long A => World.PartnershipAId;
        public long B => World.PartnershipBId;
    }

    private static async Task<CreditWorld> SeedAsync(TestDatabase db)
    {
        var world = await World.SeedAsync(db);
        foreach (var partnershipId in new[] { world.PartnershipAId, world.PartnershipBId })
        {
            await db.ErpRecords.ImportHistoryAsync(CallerScope.ForSystem("test sync", partnershipId), partnershipId, SampleHistory.Build(), Ct);
        }
        var finance = (await db.Users.CreateAsync(World.Bootstrap, new NewUser(world.SupplierOrgId, "fay.finance@acme.test", "Fay", PortalRole.Finance), null, Ct)).Id;
        var second = (await db.Users.CreateAsync(World.Bootstrap, new NewUser(world.SupplierOrgId, "finn.finance@acme.test", "Finn", PortalRole.Finance), null, Ct)).Id;
        foreach (var id in new[] { finance, second })
        {
            await db.Partnerships.AssignMemberAsync(World.Bootstrap with { PartnershipIds = [world.PartnershipAId] }, world.PartnershipAId, id, Ct);
        }
        return new CreditWorld(world, finance, second);
    }

    private static NewCreditArrangement Extension(long amount = 50_000, string currency = "EUR") =>
        new(CreditArrangementKind.TemporaryExtension, "Seasonal stock build", new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), currency, ExtensionMinor: amount);

    [Theory, OnBothDatabases]
    public async Task Finance_sets_the_line_and_the_position_comes_from_invoices_and_partial_payments(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await SeedAsync(db);
        var finance = await db.ScopeOfAsync(w.FinanceId);
        var customer = await db.ScopeOfAsync(w.World.CustomerLeadAId);
        Assert.Null(await db.Credit.GetOverviewAsync(customer, w.A, Ct));

        var line = await db.Credit.SetLineAsync(finance, w.A, new CreditLineInput(200_000, "eur", 30, false), Ct);
        var overview = (await db.Credit.GetOverviewAsync(customer, w.A, Ct))!;

        Assert.Equal(("EUR", 200_000L), (line!.Currency, line.LimitMinor));
        Assert.Equal(100_000, overview.Position.ExposureMinor);
        Assert.Equal(30_000, overview.Position.OverdueMinor);
        Assert.Equal(50.0m, overview.Position.UtilisationPercent);
        Assert.Equal(["F-1002", "F-1003"], (await db.Credit.GetOpenInvoicesAsync(customer, w.A, null, 1, cancellationToken: Ct))!.Items.Select(i => i.Number));
        Assert.Equal(12, overview.Series.Count);
        Assert.Equal(new CreditSeriesPoint(new DateOnly(2026, 1, 31), 100_000, 200_000), overview.Series[^3]);

        await db.Credit.SetLineAsync(finance, w.A, new CreditLineInput(200_000, "EUR", 30, true), Ct);
        // PO-1001 line 4: 2 of 4 delivered at 12.00.
        Assert.Equal(2_400, (await db.Credit.GetOverviewAsync(customer, w.A, Ct))!.Position.OpenOrderExposureMinor);
        Assert.Equal(["Set", "Changed"], (await AuditRows.ForEntityAsync(db, "CreditLine", line.Id)).Select(a => a.Action));
        var feed = (await db.ChangeFeed.ReadAsync(customer, w.A, 0, 10, Ct))!.Entries;
        Assert.Equal([FeedEntity.CreditLine, FeedEntity.CreditLine], feed.Select(e => e.Entity));
        Assert.DoesNotContain("Fay", feed[0].DataJson);
    }

    [Theory, OnBothDatabases]
    public async Task Only_finance_or_an_admin_sets_the_line_and_values_are_checked(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await SeedAsync(db);
        await Assert.ThrowsAsync<ScopeException>(async () => await db.Credit.SetLineAsync(await db.ScopeOfAsync(w.World.AccountLeadId), w.A, new CreditLineInput(1, "EUR", 30, false), Ct));
        await Assert.ThrowsAsync<ScopeException>(async () => await db.Credit.SetLineAsync(await db.ScopeOfAsync(w.World.CustomerLeadAId), w.A, new CreditLineInput(1, "EUR", 30, false), Ct));
        var invalid = await Assert.ThrowsAsync<ValidationException>(async () => await db.Credit.SetLineAsync(await db.ScopeOfAsync(w.FinanceId), w.A, new CreditLineInput(-1, "EURO", 400, false), Ct));
        Assert.Equal(["Currency", "LimitMinor", "PaymentTermsDays"], invalid.Errors.Keys.Order());
        Assert.NotNull(await db.Credit.SetLineAsync(await db.ScopeOfAsync(w.World.AdminId), w.A, new CreditLineInput(1, "EUR", 30, false), Ct));
    }

    [Theory, OnBothDatabases]
    public async Task Four_eyes_the_requester_cannot_approve_and_only_finance_decides(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await SeedAsync(db);
        var (finance, second) = (await db.ScopeOfAsync(w.FinanceId), await db.ScopeOfAsync(w.SecondFinanceId));
        await db.Credit.SetLineAsync(finance, w.A, new CreditLineInput(120_000, "EUR", 30, false), Ct);

        var request = (await db.Credit.RequestAsync(finance, w.A, Extension(), Ct))!;
        var own = await Assert.ThrowsAsync<ValidationException>(() => db.Credit.ApproveAsync(finance, w.A, request.Id, null, Ct));
        Assert.Contains("Four-eyes", own.Errors["Decision"]);
        await Assert.ThrowsAsync<ScopeException>(async () => await db.Credit.ApproveAsync(await db.ScopeOfAsync(w.World.AdminId), w.A, request.Id, null, Ct));
        await Assert.ThrowsAsync<ScopeException>(async () => await db.Credit.ApproveAsync(await db.ScopeOfAsync(w.World.AccountLeadId), w.A, request.Id, null, Ct));
        Assert.Equal(1, await db.Notifications.CountUnreadAsync(w.SecondFinanceId, Ct));

        var approved = (await db.Credit.ApproveAsync(second, w.A, request.Id, "Fine for March", Ct))!;

        Assert.Equal((CreditArrangementState.Approved, "Finn", "Fine for March"), (approved.State, approved.DecidedByName, approved.DecisionNote));
        Assert.Equal(170_000, (await db.Credit.GetOverviewAsync(finance, w.A, Ct))!.Position.EffectiveLimitMinor);
        await Assert.ThrowsAsync<ValidationException>(() => db.Credit.DeclineAsync(second, w.A, request.Id, "Too late", Ct));
        Assert.Equal(1, await db.Notifications.CountUnreadAsync(w.FinanceId, Ct));
        Assert.Equal(1, await db.Notifications.CountUnreadAsync(w.World.CustomerLeadAId, Ct));
        Assert.Equal(["Requested", "Approved"], (await AuditRows.ForEntityAsync(db, "CreditArrangement", request.Id)).Select(a => a.Action));
    }

    [Theory, OnBothDatabases]
    public async Task The_requester_withdraws_an_undecided_request_and_finance_is_told(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await SeedAsync(db);
        var (finance, second) = (await db.ScopeOfAsync(w.FinanceId), await db.ScopeOfAsync(w.SecondFinanceId));
        var (customer, customerLead) = (await db.ScopeOfAsync(w.World.CustomerEngineerAId), await db.ScopeOfAsync(w.World.CustomerLeadAId));
        await db.Credit.SetLineAsync(finance, w.A, new CreditLineInput(120_000, "EUR", 30, false), Ct);
        var request = (await db.Credit.RequestAsync(customer, w.A, Extension(), Ct))!;
        var unreadBefore = await db.Notifications.CountUnreadAsync(w.SecondFinanceId, Ct);

        var notTheirs = await Assert.ThrowsAsync<ValidationException>(() => db.Credit.WithdrawAsync(customerLead, w.A, request.Id, Ct));
        var withdrawn = (await db.Credit.WithdrawAsync(customer, w.A, request.Id, Ct))!;

        Assert.Contains("Only the person who asked", notTheirs.Errors["Decision"]);
        Assert.Equal(CreditArrangementState.Withdrawn, withdrawn.State);
        Assert.Equal(120_000, (await db.Credit.GetOverviewAsync(finance, w.A, Ct))!.Position.EffectiveLimitMinor);
        Assert.Equal(unreadBefore + 1, await db.Notifications.CountUnreadAsync(w.SecondFinanceId, Ct));
        var late = await Assert.ThrowsAsync<ValidationException>(() => db.Credit.ApproveAsync(second, w.A, request.Id, null, Ct));
        Assert.Contains("already withdrawn", late.Errors["Decision"]);
        await Assert.ThrowsAsync<ValidationException>(() => db.Credit.WithdrawAsync(customer, w.A, request.Id, Ct));
        Assert.Null(await db.Credit.WithdrawAsync(await db.ScopeOfAsync(w.World.CustomerEngineerBId), w.A, request.Id, Ct));
        Assert.Equal(["Requested", "Withdrawn"], (await AuditRows.ForEntityAsync(db, "CreditArrangement", request.Id)).Select(a => a.Action));
        Assert.Equal(["Requested", "Withdrawn"], (await db.ChangeFeed.ReadAsync(customer, w.A, 0, 10, Ct))!.Entries
            .Where(e => e.Entity == FeedEntity.CreditArrangement).Select(e => e.Change));
    }

    [Theory, OnBothDatabases]
    public async Task A_customer_asks_for_a_deferral_and_the_due_dates_move_once_finance_approves(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await SeedAsync(db);
        var (finance, customer) = (await db.ScopeOfAsync(w.FinanceId), await db.ScopeOfAsync(w.World.CustomerEngineerAId));
        await db.Credit.SetLineAsync(finance, w.A, new CreditLineInput(200_000, "EUR", 30, false), Ct);
        var f1002 = (await db.Credit.GetOpenInvoicesAsync(customer, w.A, null, 1, cancellationToken: Ct))!.Items.Single(i => i.Number == "F-1002");
        var deferral = new NewCreditArrangement(CreditArrangementKind.HardshipDeferral, "Flooded warehouse", new DateOnly(2026, 3, 2), new DateOnly(2026, 4, 30), "EUR",
            DeferralDays: 30, InvoiceIds: [f1002.Id]);

        var request = (await db.Credit.RequestAsync(customer, w.A, deferral, Ct))!;
        Assert.Equal(30_000, (await db.Credit.GetOverviewAsync(customer, w.A, Ct))!.Position.OverdueMinor);
        Assert.Equal(["DecisionNote"], (await Assert.ThrowsAsync<ValidationException>(() => db.Credit.DeclineAsync(finance, w.A, request.Id, null, Ct))).Errors.Keys);
        await db.Credit.ApproveAsync(finance, w.A, request.Id, null, Ct);

        var after = (await db.Credit.GetOverviewAsync(customer, w.A, Ct))!;
        Assert.Equal(0, after.Position.OverdueMinor);
        Assert.Equal(new DateOnly(2026, 3, 31), (await db.Credit.GetOpenInvoicesAsync(customer, w.A, null, 1, cancellationToken: Ct))!.Items.Single(i => i.Number == "F-1002").EffectiveDueOn);
        Assert.Equal([f1002.Id], after.Arrangements.Single().InvoiceIds);
        var feed = (await db.ChangeFeed.ReadAsync(customer, w.A, 0, 10, Ct))!.Entries.Where(e => e.Entity == FeedEntity.CreditArrangement);
        Assert.Equal(["Requested", "Approved"], feed.Select(e => e.Change));
        Assert.Equal(1, await db.Notifications.CountUnreadAsync(w.World.CustomerEngineerAId, Ct));

        db.Clock.Advance(TimeSpan.FromDays(60));
        Assert.Equal(new DateOnly(2026, 3, 1), (await db.Credit.GetOpenInvoicesAsync(customer, w.A, null, 1, cancellationToken: Ct))!.Items.Single(i => i.Number == "F-1002").EffectiveDueOn);
    }

    [Theory, OnBothDatabases]
    public async Task Open_invoices_come_a_page_at_a_time_by_due_date_and_narrow_to_a_number(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await SeedAsync(db);
        var finance = await db.ScopeOfAsync(w.FinanceId);
        await db.Credit.SetLineAsync(finance, w.A, new CreditLineInput(200_000, "EUR", 30, false), Ct);
        var today = db.Credit.Today;
        var many = Enumerable.Range(1, 30).Select(i => new ErpInvoice($"BULK-{i}", 1, $"B-{i:000}", null, today.AddDays(-40), today.AddDays(i - 20), 1_000, "EUR")).ToList();
        await db.ErpRecords.ImportHistoryAsync(CallerScope.ForSystem("test sync", w.A), w.A, new ErpHistory([], [], [], many, []), Ct);

        var first = (await db.Credit.GetOpenInvoicesAsync(finance, w.A, null, 1, cancellationToken: Ct))!;
        var second = (await db.Credit.GetOpenInvoicesAsync(finance, w.A, null, 2, cancellationToken: Ct))!;
        var search = (await db.Credit.GetOpenInvoicesAsync(finance, w.A, " b-01", 1, cancellationToken: Ct))!;

        Assert.Equal((32L, CreditStore.OpenInvoicesPageSize, 2), (first.Total, first.Items.Count, first.PageCount));
        Assert.Equal(32 - CreditStore.OpenInvoicesPageSize, second.Items.Count);
        var listed = first.Items.Concat(second.Items).ToList();
        Assert.Equal(listed.OrderBy(i => i.DueOn).ThenBy(i => i.Id), listed);
        Assert.Equal(Enumerable.Range(10, 10).Select(i => $"B-{i:000}"), search.Items.Select(i => i.Number));
        Assert.Equal(32, (await db.Credit.GetOverviewAsync(finance, w.A, Ct))!.Position.OpenInvoiceCount);
        Assert.Null(await db.Credit.GetOpenInvoicesAsync(await db.ScopeOfAsync(w.World.CustomerLeadBId), w.A, null, 1, cancellationToken: Ct));
    }

    [Theory, OnBothDatabases]
    public async Task Requests_are_validated_against_the_line_and_its_currency(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await SeedAsync(db);
        var (finance, customer) = (await db.ScopeOfAsync(w.FinanceId), await db.ScopeOfAsync(w.World.CustomerLeadAId));
        var noLine = await Assert.ThrowsAsync<ValidationException>(() => db.Credit.RequestAsync(customer, w.A, Extension(), Ct));
        Assert.Contains("no credit line", noLine.Message);
        await db.Credit.SetLineAsync(finance, w.A, new CreditLineInput(200_000, "EUR", 30, false), Ct);

        var currency = await Assert.ThrowsAsync<ValidationException>(() => db.Credit.RequestAsync(customer, w.A, Extension(currency: "USD"), Ct));
        Assert.Equal(["Currency"], currency.Errors.Keys);
        // A paid invoice (F-1001) cannot be deferred.
        var paid = await db.Credit.GetOverviewAsync(customer, w.A, Ct);
        await using var connection = await db.Database.OpenAsync(Ct);
        var f1001 = await connection.ExecuteScalarAsync<long>("SELECT id FROM invoices WHERE partnership_id = @A AND external_id = 'F-1001'", new { w.A });
        var invoice = await Assert.ThrowsAsync<ValidationException>(() => db.Credit.RequestAsync(customer, w.A,
            new NewCreditArrangement(CreditArrangementKind.HardshipDeferral, "x", new DateOnly(2026, 3, 2), new DateOnly(2026, 4, 2), "EUR", DeferralDays: 5, InvoiceIds: [f1001]), Ct));
        Assert.Equal(["InvoiceIds"], invoice.Errors.Keys);
        await Assert.ThrowsAsync<ScopeException>(async () => await db.Credit.RequestAsync(await db.ScopeOfAsync(w.World.UnassignedEngineerId), w.A, Extension(), Ct));
        Assert.Empty(paid!.Arrangements);
    }

    [Theory, OnBothDatabases]
    public async Task Customer_B_can_neither_see_nor_act_on_As_credit(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await SeedAsync(db);
        var finance = await db.ScopeOfAsync(w.FinanceId);
        var customerB = await db.ScopeOfAsync(w.World.CustomerLeadBId);
        await db.Credit.SetLineAsync(finance, w.A, new CreditLineInput(200_000, "EUR", 30, false), Ct);
        var request = (await db.Credit.RequestAsync(await db.ScopeOfAsync(w.World.CustomerLeadAId), w.A, Extension(), Ct))!;
        // B's view of B's own partnership as if it held A's ids: nothing of A leaks through a B-scoped caller.
        var financeOnB = finance.Seeing(w.B);

        Assert.Null(await db.Credit.GetLineAsync(customerB, w.A, Ct));
        Assert.Null(await db.Credit.GetOverviewAsync(customerB, w.A, Ct));
        Assert.Null(await db.Credit.GetStandingAsync(customerB, w.A, Ct));
        Assert.Null(await db.Credit.RequestAsync(customerB, w.A, Extension(), Ct));
        Assert.Null(await db.Credit.ApproveAsync(financeOnB, w.A, request.Id, null, Ct));
        Assert.Null(await db.Credit.ApproveAsync(financeOnB, w.B, request.Id, null, Ct));
        Assert.Null(await db.Credit.SetLineAsync(financeOnB, w.A, new CreditLineInput(1, "EUR", 1, false), Ct));
        Assert.Equal(0, await db.CreditAlerts.RaiseDueAsync(CallerScope.ForSystem("alerts", w.B), w.A, Ct));
        Assert.Equal(CreditArrangementState.Requested, (await db.Credit.GetOverviewAsync(finance, w.A, Ct))!.Arrangements.Single().State);
        Assert.Equal(200_000, (await db.Credit.GetLineAsync(finance, w.A, Ct))!.LimitMinor);
    }

    [Theory, OnBothDatabases]
    public async Task Alerts_fire_once_per_threshold_crossing_and_once_per_ending_extension(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await SeedAsync(db);
        var finance = await db.ScopeOfAsync(w.FinanceId);
        var system = CallerScope.ForSystem("credit alerts", w.A);
        await db.Credit.SetLineAsync(finance, w.A, new CreditLineInput(110_000, "EUR", 30, false), Ct);
        var unread = () => db.Notifications.CountUnreadAsync(w.FinanceId, Ct);

        Assert.Equal(1, await db.CreditAlerts.RaiseDueAsync(system, w.A, Ct));
        Assert.Equal(0, await db.CreditAlerts.RaiseDueAsync(system, w.A, Ct));
        Assert.Equal(1, await unread());

        // Back under 80 % with an extension ending in five days: the extension alerts, the 80 % alert re-arms.
        var extension = (await db.Credit.RequestAsync(await db.ScopeOfAsync(w.World.CustomerLeadAId), w.A,
            Extension(50_000) with { StartsOn = new DateOnly(2026, 2, 1), EndsOn = new DateOnly(2026, 3, 7) }, Ct))!;
        await db.Credit.ApproveAsync(finance, w.A, extension.Id, null, Ct);
        var before = await unread();
        Assert.Equal(1, await db.CreditAlerts.RaiseDueAsync(system, w.A, Ct));
        Assert.Equal(0, await db.CreditAlerts.RaiseDueAsync(system, w.A, Ct));
        Assert.Equal(before + 1, await unread());

        db.Clock.Advance(TimeSpan.FromDays(6));
        Assert.Equal(1, await db.CreditAlerts.RaiseDueAsync(system, w.A, Ct));
        Assert.Equal(["utilisation-80"], await AlertKeysAsync(db, w.A));
    }

    private static async Task<List<string>> AlertKeysAsync(TestDatabase db, long partnershipId)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        return (await connection.QueryAsync<string>("SELECT alert_key FROM credit_alerts WHERE partnership_id = @partnershipId AND alert_key LIKE 'utilisation%' ORDER BY alert_key", new { partnershipId })).ToList();
    }
}
