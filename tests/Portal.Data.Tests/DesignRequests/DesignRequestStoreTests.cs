using Dapper;
using Portal.Data.Attachments;
using Portal.Data.Database;
using Portal.Data.DesignRequests;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.DesignRequests;

public sealed class DesignRequestStoreTests
{
    public static readonly DesignRequestInput Intake = new(
        "Heated flow cell", "Blood analyser", "37 °C, saline, 2 bar", 5000, 12_50, new DateOnly(2026, 9, 1), "ISO 13485", "Needs a 10 mm path.");

    [Theory, OnBothDatabases]
    public async Task A_customer_raises_a_request_that_the_supplier_lead_owns_and_is_notified_of(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var customer = await db.ScopeOfAsync(world.CustomerEngineerAId);

        var raised = await db.DesignRequests.RaiseAsync(customer, world.PartnershipAId, Intake, [new NewAttachment("spec.txt", "text/plain", "spec"u8.ToArray())], Ct);

        Assert.NotNull(raised);
        Assert.Equal((DesignStage.Submitted, world.AccountLeadId, "EUR", world.CustomerEngineerAId), (raised.Stage, raised.StageOwnerUserId, raised.Currency, raised.RaisedByUserId));
        var details = (await db.DesignRequests.GetDetailsAsync(customer, raised.Id, Ct))!;
        Assert.Equal(DesignStage.Submitted, Assert.Single(details.Stages).Stage);
        Assert.Equal("spec.txt", Assert.Single(details.Attachments).FileName);
        Assert.Equal(1, await db.Notifications.CountUnreadAsync(world.AccountLeadId, Ct));
        Assert.Equal("Raised", (await AuditRows.ForEntityAsync(db, "DesignRequest", raised.Id)).Single().Action);
    }

    [Theory, OnBothDatabases]
    public async Task An_invalid_intake_or_file_stores_nothing(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var customer = await db.ScopeOfAsync(world.CustomerEngineerAId);

        var intake = await Assert.ThrowsAsync<ValidationException>(() => db.DesignRequests.RaiseAsync(customer, world.PartnershipAId, Intake with { Title = "" }, [], Ct));
        var file = await Assert.ThrowsAsync<ValidationException>(() => db.DesignRequests.RaiseAsync(customer, world.PartnershipAId, Intake,
            [new NewAttachment("../secret.txt", "text/plain", "x"u8.ToArray())], Ct));

        Assert.Equal(["Title"], intake.Errors.Keys);
        Assert.Equal([AttachmentStore.FileField], file.Errors.Keys);
        await using var connection = await db.Database.OpenAsync(Ct);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT (SELECT COUNT(*) FROM design_requests) + (SELECT COUNT(*) FROM attachments)"));
    }

    [Theory, OnBothDatabases]
    public async Task The_supplier_advances_with_planned_dates_and_a_not_a_fit_verdict_declines_with_the_alternative(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var customer = await db.ScopeOfAsync(world.CustomerEngineerAId);
        var lead = await db.ScopeOfAsync(world.AccountLeadId);
        await db.DesignRequests.SetStageTargetAsync(lead, world.PartnershipAId, DesignStage.Feasibility, 5, Ct);
        var raised = (await db.DesignRequests.RaiseAsync(customer, world.PartnershipAId, Intake, [], Ct))!;

        var feasibility = (await db.DesignRequests.AdvanceAsync(lead, raised.Id, world.CustomerLeadAId, Ct))!;
        db.Clock.Advance(TimeSpan.FromDays(9));
        var declined = (await db.DesignRequests.RecordVerdictAsync(lead, raised.Id,
            new VerdictInput(FitVerdict.NotAFit, null, "Competitor cell Q-10", "Rated for 90 °C", "https://example.com/q10"), Ct))!;

        Assert.Equal((DesignStage.Feasibility, world.CustomerLeadAId, new DateOnly(2026, 3, 9)), (feasibility.Stage, feasibility.StageOwnerUserId, feasibility.StagePlannedEnd));
        Assert.Equal((DesignStage.Declined, FitVerdict.NotAFit, "Competitor cell Q-10"), (declined.Stage, declined.Verdict, declined.AlternativeName));
        var stages = (await db.DesignRequests.GetDetailsAsync(customer, raised.Id, Ct))!.Stages;
        Assert.Equal([DesignStage.Submitted, DesignStage.Feasibility, DesignStage.Declined], stages.Select(s => s.Stage));
        Assert.Equal((new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 9), new DateOnly(2026, 3, 11)), (stages[1].StartedOn, stages[1].PlannedEnd!.Value, stages[1].EndedOn!.Value));
        Assert.True(stages[1].IsLate(new DateOnly(2026, 3, 11)));
        Assert.All(stages, s => Assert.NotNull(s.EndedOn));
        Assert.Equal(["Raised", "Advance", "RecordVerdict"], (await AuditRows.ForEntityAsync(db, "DesignRequest", raised.Id)).Select(r => r.Action));
        Assert.True(await db.Notifications.CountUnreadAsync(world.CustomerEngineerAId, Ct) >= 2);
    }

    [Theory, OnBothDatabases]
    public async Task Illegal_moves_change_nothing(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var customer = await db.ScopeOfAsync(world.CustomerEngineerAId);
        var lead = await db.ScopeOfAsync(world.AccountLeadId);
        var raised = (await db.DesignRequests.RaiseAsync(customer, world.PartnershipAId, Intake, [], Ct))!;
        await db.DesignRequests.AdvanceAsync(lead, raised.Id, world.AccountLeadId, Ct);

        var early = await Assert.ThrowsAsync<ValidationException>(() => db.DesignRequests.AdvanceAsync(lead, raised.Id, world.AccountLeadId, Ct));
        await Assert.ThrowsAsync<ScopeException>(() => db.DesignRequests.AdvanceAsync(customer, raised.Id, world.AccountLeadId, Ct));
        await Assert.ThrowsAsync<ScopeException>(() => db.DesignRequests.WithdrawAsync(lead, raised.Id, Ct));
        var outsider = await Assert.ThrowsAsync<ValidationException>(async () =>
        {
            await db.DesignRequests.RecordVerdictAsync(lead, raised.Id, new VerdictInput(FitVerdict.Fit, null, null, null, null), Ct);
            await db.DesignRequests.AdvanceAsync(lead, raised.Id, world.CustomerLeadBId, Ct);
        });

        Assert.Equal("Record the feasibility verdict before moving on to Design.", early.Errors["Stage"]);
        Assert.Equal(["OwnerUserId"], outsider.Errors.Keys);
        var now = (await db.DesignRequests.GetDetailsAsync(lead, raised.Id, Ct))!;
        Assert.Equal((DesignStage.Feasibility, 2), (now.Request.Stage, now.Stages.Count));
        Assert.Equal((DesignStage.Withdrawn, DesignStage.Withdrawn), ((await db.DesignRequests.WithdrawAsync(customer, raised.Id, Ct))!.Stage, DesignStage.Withdrawn));
    }

    [Theory, OnBothDatabases]
    public async Task Internal_notes_and_supplier_only_files_are_invisible_to_the_customer(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var customer = await db.ScopeOfAsync(world.CustomerEngineerAId);
        var lead = await db.ScopeOfAsync(world.AccountLeadId);
        var raised = (await db.DesignRequests.RaiseAsync(customer, world.PartnershipAId, Intake, [], Ct))!;

        await db.DesignRequests.CommentAsync(customer, raised.Id, "Any news, @\"lou.lead\"?", isInternal: false, Ct);
        await db.DesignRequests.CommentAsync(lead, raised.Id, "Margin is thin here, @arno.engineer@alpha.test must not know", isInternal: true, Ct);
        var hidden = (await db.DesignRequests.AttachAsync(lead, raised.Id, new NewAttachment("costing.csv", "text/csv", "a,b"u8.ToArray(), SupplierOnly: true), Ct))!;
        await Assert.ThrowsAsync<ScopeException>(() => db.DesignRequests.CommentAsync(customer, raised.Id, "sneaky", isInternal: true, Ct));

        var seenByCustomer = (await db.DesignRequests.GetDetailsAsync(customer, raised.Id, Ct))!;
        var seenBySupplier = (await db.DesignRequests.GetDetailsAsync(lead, raised.Id, Ct))!;
        Assert.Equal([false], seenByCustomer.Comments.Select(c => c.IsInternal));
        Assert.Equal([false, true], seenBySupplier.Comments.Select(c => c.IsInternal));
        Assert.Empty(seenByCustomer.Attachments);
        Assert.Single(seenBySupplier.Attachments);
        Assert.Null(await db.Attachments.OpenAsync(customer, world.PartnershipAId, hidden.Id, Ct));
        Assert.Equal("a,b"u8.ToArray(), (await db.Attachments.OpenAsync(lead, world.PartnershipAId, hidden.Id, Ct))!.Content);
        // The mention in the internal note does not reach the customer; the one in the comment reaches the lead.
        var customerNews = await db.Notifications.GetPageAsync(world.CustomerEngineerAId, false, 1, Ct);
        Assert.DoesNotContain(customerNews.Items, n => n.Title.Contains("mentioned", StringComparison.Ordinal));
        Assert.Contains((await db.Notifications.GetPageAsync(world.AccountLeadId, false, 1, Ct)).Items, n => n.Title == "arno.engineer mentioned you");
        var trail = string.Join("\n", (await AuditRows.ForEntityAsync(db, "DesignRequest", raised.Id)).Select(r => r.AfterJson + r.Note));
        Assert.DoesNotContain("Margin is thin", trail);
    }

    [Theory, OnBothDatabases]
    public async Task Another_tenant_sees_no_request_and_no_file(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var customer = await db.ScopeOfAsync(world.CustomerEngineerAId);
        var other = await db.ScopeOfAsync(world.CustomerEngineerBId);
        var unassigned = await db.ScopeOfAsync(world.UnassignedEngineerId);
        var raised = (await db.DesignRequests.RaiseAsync(customer, world.PartnershipAId, Intake, [new NewAttachment("spec.txt", "text/plain", "spec"u8.ToArray())], Ct))!;
        var file = (await db.DesignRequests.GetDetailsAsync(customer, raised.Id, Ct))!.Attachments.Single();

        Assert.Null(await db.DesignRequests.RaiseAsync(other, world.PartnershipAId, Intake, [], Ct));
        foreach (var outsider in new[] { other, unassigned })
        {
            Assert.Null(await db.DesignRequests.GetDetailsAsync(outsider, raised.Id, Ct));
            Assert.Null(await db.DesignRequests.WithdrawAsync(outsider, raised.Id, Ct));
            Assert.Null(await db.DesignRequests.CommentAsync(outsider, raised.Id, "hi", false, Ct));
            Assert.Null(await db.Attachments.OpenAsync(outsider, world.PartnershipAId, file.Id, Ct));
            Assert.Empty(await db.Attachments.ListForOwnerAsync(outsider, world.PartnershipAId, AttachmentOwners.DesignRequest, raised.Id, Ct));
            Assert.Equal(0, (await db.DesignRequests.GetPageAsync(outsider, world.PartnershipAId, new DesignRequestFilter(), 1, Ct)).Total);
            var erpList = await db.DesignRequests.ListAfterAsync(outsider, null, 0, 100, Ct);
            Assert.Empty(erpList.Rows);
            Assert.Equal(0, erpList.Total);
        }
        Assert.Null(await db.Attachments.OpenAsync(customer, world.PartnershipBId, file.Id, Ct));
    }

    [Theory, OnBothDatabases]
    public async Task The_list_filters_by_stage_owner_and_overdue_and_pages_by_key(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var customer = await db.ScopeOfAsync(world.CustomerEngineerAId);
        var lead = await db.ScopeOfAsync(world.AccountLeadId);
        var first = (await db.DesignRequests.RaiseAsync(customer, world.PartnershipAId, Intake with { Title = "B first" }, [], Ct))!;
        var second = (await db.DesignRequests.RaiseAsync(customer, world.PartnershipAId, Intake with { Title = "A second" }, [], Ct))!;
        await db.DesignRequests.AdvanceAsync(lead, first.Id, world.CustomerLeadAId, Ct);
        db.Clock.Advance(TimeSpan.FromDays(30));

        var all = await db.DesignRequests.GetPageAsync(lead, world.PartnershipAId, new DesignRequestFilter(Sort: DesignRequestSort.Title), 1, Ct);
        var feasibility = await db.DesignRequests.GetPageAsync(lead, world.PartnershipAId, new DesignRequestFilter(Stage: DesignStage.Feasibility), 1, Ct);
        var owned = await db.DesignRequests.GetPageAsync(lead, world.PartnershipAId, new DesignRequestFilter(OwnerUserId: world.AccountLeadId), 1, Ct);
        var overdue = await db.DesignRequests.GetPageAsync(lead, world.PartnershipAId, new DesignRequestFilter(OverdueOnly: true), 1, Ct);

        Assert.Equal([second.Id, first.Id], all.Items.Select(r => r.Id));
        Assert.Equal([first.Id], feasibility.Items.Select(r => r.Id));
        Assert.Equal([second.Id], owned.Items.Select(r => r.Id));
        Assert.Equal([first.Id], overdue.Items.Select(r => r.Id));
        var after = await db.DesignRequests.ListAfterAsync(customer, null, first.Id, 10, Ct);
        var inFeasibility = await db.DesignRequests.ListAfterAsync(customer, DesignStage.Feasibility, 0, 10, Ct);
        Assert.Equal([second.Id], after.Rows.Select(r => r.Id));
        Assert.Equal([first.Id], inFeasibility.Rows.Select(r => r.Id));
        Assert.Equal((2, 1), (after.Total, inFeasibility.Total));
    }
}
