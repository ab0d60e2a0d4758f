using Dapper;
using Portal.Data.Attachments;
using Portal.Data.Database;
using Portal.Data.Quality;
using Portal.Data.Tenancy;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Quality;

public sealed class QualityIssueStoreTests
{
    [Theory, OnBothDatabases]
    public async Task A_customer_raises_a_critical_issue_whose_containment_is_due_in_24_hours(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var q = await QualityWorld.SeedAsync(db);

        var issue = await db.QualityIssues.RaiseAsync(await db.ScopeOfAsync(q.World.CustomerEngineerAId), q.World.PartnershipAId, q.Cracked(), [], Ct);

        Assert.NotNull(issue);
        Assert.Equal((QualityIssueState.Open, "Bracket", "PO-1001", "D-1", "LOT-A", true), (issue.State, issue.ItemName, issue.PurchaseOrderNumber, issue.DeliveryExternalId, issue.Lot, issue.RaisedByCustomer));
        Assert.Equal(TestDatabase.Start.AddHours(24), issue.Steps.Single(s => s.Step == EightDStep.D3).DueAt);
        Assert.Equal(8, issue.Steps.Count);
        Assert.Equal(["Raised"], (await AuditRows.ForEntityAsync(db, "QualityIssue", issue.Id)).Select(a => a.Action));
        Assert.Equal(1, await UnreadAsync(db, q.World.AccountLeadId));
        Assert.Equal(1, await UnreadAsync(db, q.World.CustomerLeadAId));
    }

    [Theory, OnBothDatabases]
    public async Task A_partnerships_override_sets_the_containment_window_of_new_issues(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var q = await QualityWorld.SeedAsync(db);
        var lead = await db.ScopeOfAsync(q.World.AccountLeadId);
        Assert.True(await db.ContainmentTargets.SetAsync(lead, q.World.PartnershipAId, Severity.Major, 48, null, Ct));
        var customer = await db.ScopeOfAsync(q.World.CustomerLeadAId);
        await Assert.ThrowsAsync<ScopeException>(() => db.ContainmentTargets.SetAsync(customer, q.World.PartnershipAId, Severity.Major, 500, null, Ct));
        var engineer = (await db.ScopeOfAsync(q.World.UnassignedEngineerId)).Seeing(q.World.PartnershipAId);
        await Assert.ThrowsAsync<ScopeException>(() => db.ContainmentTargets.SetAsync(engineer, q.World.PartnershipAId, Severity.Major, 500, null, Ct));

        var issue = await db.QualityIssues.RaiseAsync(lead, q.World.PartnershipAId, q.Cracked(Severity.Major), [], Ct);

        Assert.Equal(TestDatabase.Start.AddHours(48), issue!.Steps.Single(s => s.Step == EightDStep.D3).DueAt);
        Assert.Equal(new Dictionary<Severity, int> { [Severity.Major] = 48 }, await db.ContainmentTargets.GetAsync(lead, q.World.PartnershipAId, Ct));
    }

    [Theory, OnBothDatabases]
    public async Task An_order_delivery_and_item_that_do_not_belong_together_are_refused_with_the_field_that_does_not_fit(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var q = await QualityWorld.SeedAsync(db);
        var customer = await db.ScopeOfAsync(q.World.CustomerEngineerAId);
        var p = q.World.PartnershipAId;
        await using var connection = await db.Database.OpenAsync(Ct);
        Task<long> IdAsync(string table, string externalId) => connection.ExecuteScalarAsync<long>(
            $"SELECT id FROM {table} WHERE partnership_id = @p AND external_id = @externalId", new { p, externalId });
        var (shaft, po0900, d0, d2) = (await IdAsync("items", "I-2"), await IdAsync("purchase_orders", "PO-0900"), await IdAsync("deliveries", "D-0"), await IdAsync("deliveries", "D-2"));

        async Task<string> RefusedAsync(NewQualityIssue input) =>
            string.Join(",", (await Assert.ThrowsAsync<ValidationException>(() => db.QualityIssues.RaiseAsync(customer, p, input, [], Ct))).Errors.Select(e => $"{e.Key}: {e.Value}"));

        // PO-0900 ordered only brackets; D-2 carried shafts of PO-1001; D-0 carried PO-0900's brackets, not PO-1001's.
        Assert.Equal("PurchaseOrderId: The chosen order has no line for this item.", await RefusedAsync(q.Cracked() with { ItemId = shaft, PurchaseOrderId = po0900, DeliveryId = null, Lot = null }));
        Assert.Equal("DeliveryId: The chosen delivery carried no line of this order and item.", await RefusedAsync(q.Cracked() with { DeliveryId = d2, Lot = null }));
        Assert.Equal("DeliveryId: The chosen delivery carried no line of this order and item.", await RefusedAsync(q.Cracked() with { DeliveryId = d0, Lot = null }));
        Assert.Equal("DeliveryId: The chosen delivery carried no line of this item.", await RefusedAsync(q.Cracked() with { PurchaseOrderId = null, DeliveryId = d2, Lot = null }));
        Assert.Equal(0, await CountAsync(db, "quality_issues"));
        Assert.NotNull(await db.QualityIssues.RaiseAsync(customer, p, q.Cracked() with { PurchaseOrderId = po0900, DeliveryId = d0, Lot = null }, [], Ct));
    }

    [Theory, OnBothDatabases]
    public async Task References_to_another_partnerships_rows_are_field_errors_and_nothing_is_stored(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var q = await QualityWorld.SeedAsync(db);
        var customer = await db.ScopeOfAsync(q.World.CustomerEngineerAId);

        var error = await Assert.ThrowsAsync<ValidationException>(() => db.QualityIssues.RaiseAsync(customer, q.World.PartnershipAId,
            q.Cracked(affected: 11, inspected: 10) with { ItemId = q.ItemB, DeliveryId = q.DeliveryB, Lot = "LOT-B" }, [], Ct));

        Assert.Equal(["DeliveryId", "ItemId", "Lot", "QuantityAffected"], error.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0, await CountAsync(db, "quality_issues"));
    }

    [Theory, OnBothDatabases]
    public async Task Another_customer_neither_sees_nor_raises_in_the_partnership(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var q = await QualityWorld.SeedAsync(db);
        var issue = await db.QualityIssues.RaiseAsync(await db.ScopeOfAsync(q.World.CustomerEngineerAId), q.World.PartnershipAId, q.Cracked(), [], Ct);
        var outsider = await db.ScopeOfAsync(q.World.CustomerEngineerBId);

        Assert.Null(await db.QualityIssues.GetAsync(outsider, issue!.Id, Ct));
        Assert.Equal(0, (await db.QualityIssues.ListAsync(outsider, q.World.PartnershipAId, new QualityIssueFilter(null, null, null, false), 1, cancellationToken: Ct)).Total);
        Assert.Null(await db.QualityIssues.RaiseAsync(outsider, q.World.PartnershipAId, q.Cracked(), [], Ct));
        Assert.Null(await db.QualityWorkflow.CompleteStepAsync(outsider, q.World.PartnershipAId, issue.Id, EightDStep.D3, Ct));
        Assert.Null(await db.QualityWorkflow.CompleteStepAsync(outsider, q.World.PartnershipBId, issue.Id, EightDStep.D3, Ct));
        Assert.Empty((await db.QualityIssues.GetReferenceChoicesAsync(outsider, q.World.PartnershipAId, Ct)).Items);
    }

    [Theory, OnBothDatabases]
    public async Task An_erp_retry_with_the_same_request_id_returns_the_same_issue_and_creates_nothing(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var q = await QualityWorld.SeedAsync(db);
        var erp = CallerScope.ForSystem("erp", q.World.PartnershipAId);
        var raise = new ErpQualityIssue("req-1", "D-1", 1, "Wrong finish", "Matte instead of gloss.", Severity.Minor, 10, 10);

        var (first, created) = await db.QualityIssues.RaiseFromErpAsync(erp, raise, Ct);
        var (again, createdAgain) = await db.QualityIssues.RaiseFromErpAsync(erp, raise with { Title = "Retry" }, Ct);

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(("Wrong finish", "Bracket", "PO-1001", "LOT-A"), (again.Title, again.ItemName, again.PurchaseOrderNumber, again.Lot));
        Assert.Equal(1, await CountAsync(db, "quality_issues"));
        Assert.Equal(8, await CountAsync(db, "quality_issue_steps"));
    }

    [Theory, OnBothDatabases]
    public async Task An_erp_cannot_raise_against_an_unknown_delivery_or_another_partnerships(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var q = await QualityWorld.SeedAsync(db);
        var erpOfB = CallerScope.ForSystem("erp", q.World.PartnershipBId);

        var unknown = await Assert.ThrowsAsync<ValidationException>(() =>
            db.QualityIssues.RaiseFromErpAsync(erpOfB, new ErpQualityIssue("r", "D-404", 1, "T", "D", Severity.Minor, 1, 1), Ct));

        Assert.Equal(["DeliveryExternalId"], unknown.Errors.Keys);
        var (issue, _) = await db.QualityIssues.RaiseFromErpAsync(erpOfB, new ErpQualityIssue("r", "D-1", 1, "T", "D", Severity.Minor, 1, 1), Ct);
        Assert.Equal(q.World.PartnershipBId, issue.PartnershipId);
        Assert.Equal(q.DeliveryB, issue.DeliveryId);
    }

    [Theory, OnBothDatabases]
    public async Task The_list_filters_by_state_severity_owner_and_overdue_and_sorts_by_severity(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var q = await QualityWorld.SeedAsync(db);
        var lead = await db.ScopeOfAsync(q.World.AccountLeadId);
        var minor = await db.QualityIssues.RaiseAsync(lead, q.World.PartnershipAId, q.Cracked(Severity.Minor) with { Title = "Minor one" }, [], Ct);
        var critical = await db.QualityIssues.RaiseAsync(lead, q.World.PartnershipAId, q.Cracked(Severity.Critical) with { Title = "Critical one" }, [], Ct);
        await db.QualityWorkflow.UpdateStepAsync(lead, q.World.PartnershipAId, minor!.Id, EightDStep.D1, new StepUpdate(q.World.AdminId, TestDatabase.Start.AddDays(3), "Team", "The team meets on Thursday."), Ct);
        db.Clock.Advance(TimeSpan.FromHours(30));

        async Task<string> TitlesAsync(QualityIssueFilter filter) =>
            string.Join(",", (await db.QualityIssues.ListAsync(lead, q.World.PartnershipAId, filter, 1, cancellationToken: Ct)).Items.Select(i => i.Title));

        Assert.Equal("Critical one,Minor one", await TitlesAsync(new QualityIssueFilter(null, null, null, false, QualityIssueSort.Severity)));
        Assert.Equal("Minor one,Critical one", await TitlesAsync(new QualityIssueFilter(QualityIssueState.Open, null, null, false, QualityIssueSort.Raised)));
        Assert.Equal("Minor one", await TitlesAsync(new QualityIssueFilter(null, Severity.Minor, null, false)));
        Assert.Equal("Minor one", await TitlesAsync(new QualityIssueFilter(null, null, q.World.AdminId, false)));
        Assert.Equal("Critical one", await TitlesAsync(new QualityIssueFilter(null, null, null, true)));
        Assert.Equal("", await TitlesAsync(new QualityIssueFilter(QualityIssueState.Closed, null, null, false)));
        var row = (await db.QualityIssues.ListAsync(lead, q.World.PartnershipAId, new QualityIssueFilter(null, Severity.Critical, null, false), 1, cancellationToken: Ct)).Items.Single();
        Assert.Equal((EightDStep.D1, 3), (row.CurrentStep!.Value, row.OverdueSteps));
        Assert.Equal(critical!.Id, row.Id);
    }

    [Theory, OnBothDatabases]
    public async Task Files_on_an_issue_are_listed_for_its_partnership_and_invisible_to_another(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var q = await QualityWorld.SeedAsync(db);
        var customer = await db.ScopeOfAsync(q.World.CustomerEngineerAId);
        var supplier = await db.ScopeOfAsync(q.World.AccountLeadId);
        var outsider = await db.ScopeOfAsync(q.World.CustomerEngineerBId);
        var p = q.World.PartnershipAId;

        var issue = (await db.QualityIssues.RaiseAsync(customer, p, q.Cracked(), [new NewAttachment("crack.jpg", "image/jpeg", [0xFF, 0xD8, 0xFF, 0xE0])], Ct))!;
        var added = await db.QualityIssues.AttachAsync(supplier, p, issue.Id, new NewAttachment("8d-report.pdf", "application/pdf", "%PDF-1.7"u8.ToArray()), Ct);

        Assert.NotNull(added);
        var files = await db.QualityIssues.ListAttachmentsAsync(customer, p, issue.Id, Ct);
        Assert.Equal(["crack.jpg", "8d-report.pdf"], files.Select(a => a.FileName));
        Assert.Equal(files.Select(a => a.Id), (await db.QualityIssues.ListAttachmentsAsync(supplier, p, issue.Id, Ct)).Select(a => a.Id));
        foreach (var file in files)
        {
            Assert.Equal((AttachmentOwners.QualityIssue, issue.Id), (file.OwnerType, file.OwnerId));
            Assert.Equal(["Added"], (await AuditRows.ForEntityAsync(db, "Attachment", file.Id)).Select(r => r.Action));
        }
        Assert.Empty(await db.QualityIssues.ListAttachmentsAsync(outsider, p, issue.Id, Ct));
        Assert.Null(await db.Attachments.OpenAsync(outsider, p, added.Id, Ct));
        Assert.Null(await db.QualityIssues.AttachAsync(outsider, p, issue.Id, new NewAttachment("planted.txt", "text/plain", "x"u8.ToArray()), Ct));
        Assert.Null(await db.QualityIssues.AttachAsync(outsider, q.World.PartnershipBId, issue.Id, new NewAttachment("planted.txt", "text/plain", "x"u8.ToArray()), Ct));
        Assert.Equal(2, await CountAsync(db, "attachments"));
    }

    [Theory, OnBothDatabases]
    public async Task A_refused_file_raises_no_issue_and_stores_nothing(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var q = await QualityWorld.SeedAsync(db);
        var customer = await db.ScopeOfAsync(q.World.CustomerEngineerAId);

        var error = await Assert.ThrowsAsync<ValidationException>(() => db.QualityIssues.RaiseAsync(customer, q.World.PartnershipAId, q.Cracked(),
            [new NewAttachment("photo.png", "image/png", "not a png"u8.ToArray())], Ct));

        Assert.Equal([AttachmentStore.FileField], error.Errors.Keys);
        Assert.Equal(0, await CountAsync(db, "quality_issues") + await CountAsync(db, "attachments"));
    }

    internal static async Task<long> CountAsync(TestDatabase db, string table)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
    }

    internal static Task<int> UnreadAsync(TestDatabase db, long userId) => db.Notifications.CountUnreadAsync(userId, Ct);
}
