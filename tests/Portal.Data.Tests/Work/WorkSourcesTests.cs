using Dapper;
using Portal.Data.Credit;
using Portal.Data.Database;
using Portal.Data.ErpClients;
using Portal.Data.Loans;
using Portal.Data.Tenancy;
using Portal.Data.Tests.Infrastructure;
using Portal.Data.Tests.Loans;
using Portal.Data.Users;
using Portal.Data.Work;

namespace Portal.Data.Tests.Work;

/// <summary>
/// My work holds what a role decides, for the side whose move it is: Finance the credit requests, the supplier's
/// managers and the customer's people each their loan steps, connection managers the ERP secrets in their grace period.
/// </summary>
public sealed class WorkSourcesTests
{
    [Theory, OnBothDatabases]
    public async Task Each_loan_step_is_in_the_work_of_the_side_whose_move_it_is(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await LoanWorld.SeedAsync(db);
        var (lead, customer, otherCustomer) = (await db.ScopeOfAsync(w.World.AccountLeadId), await db.ScopeOfAsync(w.World.CustomerEngineerAId), await db.ScopeOfAsync(w.World.CustomerLeadBId));

        var requested = await w.LoanToAAsync(db, LoanState.Requested);
        Assert.Equal(["Approve or decline the loan request"], await LoanStepsAsync(db, lead));
        Assert.Empty(await LoanStepsAsync(db, customer));

        await db.Loans.TransitionAsync(lead, w.World.PartnershipAId, requested.Id, LoanState.Approved, new LoanStep(Terms: new LoanTermsUpdate(40_000, 100_000, "Insured.")), Ct);
        Assert.Equal(["Ship the loaned item"], await LoanStepsAsync(db, lead));

        await db.Loans.TransitionAsync(lead, w.World.PartnershipAId, requested.Id, LoanState.Shipped, new LoanStep(EquipmentCondition.Good, "Shipped"), Ct);
        Assert.Empty(await LoanStepsAsync(db, lead));
        Assert.Equal(["Confirm the loaned item arrived"], await LoanStepsAsync(db, customer));

        // In use for months: nobody's work until the return comes near.
        await db.Loans.TransitionAsync(customer, w.World.PartnershipAId, requested.Id, LoanState.InUse, new LoanStep(), Ct);
        Assert.Empty(await LoanStepsAsync(db, lead));
        Assert.Empty(await LoanStepsAsync(db, customer));

        await using (var connection = await db.Database.OpenAsync(Ct))
        {
            await connection.ExecuteAsync(new CommandDefinition("UPDATE equipment_loans SET starts_on = @Started, ends_on = @Yesterday WHERE id = @Id",
                new { Started = LoanWorld.Today.AddDays(-30), Yesterday = LoanWorld.Today.AddDays(-1), requested.Id }, cancellationToken: Ct));
        }
        Assert.Equal(["Chase the overdue return"], await LoanStepsAsync(db, lead));
        Assert.Equal(["Send the overdue item back"], await LoanStepsAsync(db, customer));
        var overdue = (await db.Work.GetPageAsync(customer, 1, Ct)).Items.Items.Single(i => i.Kind == WorkKind.LoanStep);
        Assert.True(overdue.IsOverdueAt(db.Clock.GetUtcNow()));
        Assert.Empty(await LoanStepsAsync(db, otherCustomer));

        // The nightly check moves it to Return due: the item is still with the customer, so it stays in both sides' work.
        Assert.Equal(1, await db.Loans.CheckOverdueAsync(CallerScope.ForSystem("overdue check", w.World.PartnershipAId), w.World.PartnershipAId, Ct));
        Assert.Equal(LoanState.ReturnDue, (await db.Loans.GetAsync(lead, requested.Id, Ct))!.State);
        Assert.Equal(["Chase the overdue return"], await LoanStepsAsync(db, lead));
        Assert.Equal(["Send the overdue item back"], await LoanStepsAsync(db, customer));
        Assert.Equal(["Send the overdue item back"], await LoanStepsAsync(db, await db.ScopeOfAsync(w.World.CustomerLeadAId)));
        Assert.Empty(await LoanStepsAsync(db, otherCustomer));

        await db.Loans.TransitionAsync(lead, w.World.PartnershipAId, requested.Id, LoanState.Returned, new LoanStep(EquipmentCondition.Good, "Back"), Ct);
        Assert.Empty(await LoanStepsAsync(db, lead));
        Assert.Empty(await LoanStepsAsync(db, customer));
    }

    [Theory, OnBothDatabases]
    public async Task A_return_the_customer_starts_before_the_end_waits_for_the_supplier_and_a_near_end_for_the_customer(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await LoanWorld.SeedAsync(db);
        var (lead, customer) = (await db.ScopeOfAsync(w.World.AccountLeadId), await db.ScopeOfAsync(w.World.CustomerEngineerAId));
        var loan = await w.LoanToAAsync(db, LoanState.InUse);
        await using (var connection = await db.Database.OpenAsync(Ct))
        {
            await connection.ExecuteAsync(new CommandDefinition("UPDATE equipment_loans SET ends_on = @Soon WHERE id = @Id",
                new { Soon = LoanWorld.Today.AddDays(WorkStore.ReturnNoticeDays - 1), loan.Id }, cancellationToken: Ct));
        }
        Assert.Equal(["Send the loaned item back"], await LoanStepsAsync(db, customer));
        Assert.Empty(await LoanStepsAsync(db, lead));

        await db.Loans.TransitionAsync(customer, w.World.PartnershipAId, loan.Id, LoanState.ReturnDue, new LoanStep(Note: "Please collect."), Ct);

        Assert.Equal(["Take the returned item back and note its condition"], await LoanStepsAsync(db, lead));
        Assert.Empty(await LoanStepsAsync(db, customer));
    }

    [Theory, OnBothDatabases]
    public async Task Finance_has_the_credit_requests_to_decide_and_nobody_else_does(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var financeId = (await db.Users.CreateAsync(World.Bootstrap, new NewUser(world.SupplierOrgId, "fay.finance@acme.test", "Fay", PortalRole.Finance), null, Ct)).Id;
        await db.Partnerships.AssignMemberAsync(World.Bootstrap with { PartnershipIds = [world.PartnershipAId] }, world.PartnershipAId, financeId, Ct);
        var (finance, lead, customer) = (await db.ScopeOfAsync(financeId), await db.ScopeOfAsync(world.AccountLeadId), await db.ScopeOfAsync(world.CustomerEngineerAId));
        await db.Credit.SetLineAsync(finance, world.PartnershipAId, new CreditLineInput(200_000, "EUR", 30, false), Ct);
        var startsOn = DateOnly.FromDateTime(TestDatabase.Start.UtcDateTime).AddDays(5);
        var request = (await db.Credit.RequestAsync(customer, world.PartnershipAId,
            new NewCreditArrangement(CreditArrangementKind.TemporaryExtension, "Seasonal stock build", startsOn, startsOn.AddDays(30), "EUR", ExtensionMinor: 50_000), Ct))!;

        var item = (await db.Work.GetPageAsync(finance, 1, Ct)).Items.Items.Single();
        Assert.Equal((WorkKind.CreditDecision, request.Id, "Approve or decline the credit extension"), (item.Kind, item.RecordId, item.What));
        Assert.Equal(new DateTimeOffset(startsOn.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), item.DueAt);
        Assert.DoesNotContain((await db.Work.GetPageAsync(lead, 1, Ct)).Items.Items, i => i.Kind == WorkKind.CreditDecision);

        await db.Credit.ApproveAsync(finance, world.PartnershipAId, request.Id, null, Ct);
        Assert.Equal(0, (await db.Work.GetPageAsync(finance, 1, Ct)).Items.Total);
    }

    [Theory, OnBothDatabases]
    public async Task An_erp_secret_in_its_grace_period_waits_for_those_who_manage_connections(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var (lead, customerLead, engineer) = (await db.ScopeOfAsync(world.AccountLeadId), await db.ScopeOfAsync(world.CustomerLeadAId), await db.ScopeOfAsync(world.CustomerEngineerAId));
        await db.ErpClients.CreateAsync(lead, world.PartnershipAId, "Alpha SAP", [ErpScopes.Sync], "alpha-sap", cancellationToken: Ct);
        Assert.Equal(0, (await db.Work.GetPageAsync(customerLead, 1, Ct)).Items.Total);

        await db.ErpClients.RotateSecretAsync(lead, world.PartnershipAId, "alpha-sap", TimeSpan.FromDays(1), Ct);

        var (page, counts) = await WorkAsync(db, customerLead);
        var item = page.Single();
        Assert.Equal((WorkKind.ErpSecret, "Alpha SAP"), (item.Kind, item.Title));
        Assert.Equal(db.Clock.GetUtcNow().AddDays(1), item.DueAt);
        Assert.Equal(1, counts[WorkKind.ErpSecret]);
        Assert.Single((await db.Work.GetPageAsync(lead, 1, Ct)).Items.Items, i => i.Kind == WorkKind.ErpSecret);
        Assert.Equal(0, (await db.Work.GetPageAsync(engineer, 1, Ct)).Items.Total);
    }

    private static async Task<List<string>> LoanStepsAsync(TestDatabase db, CallerScope scope) =>
        [.. (await db.Work.GetPageAsync(scope, 1, Ct)).Items.Items.Where(i => i.Kind == WorkKind.LoanStep).Select(i => i.What)];

    private static async Task<(IReadOnlyList<WorkItem> Items, IReadOnlyDictionary<WorkKind, long> Counts)> WorkAsync(TestDatabase db, CallerScope scope)
    {
        var work = await db.Work.GetPageAsync(scope, 1, Ct);
        return (work.Items.Items, work.Counts);
    }
}
