using Dapper;
using Portal.Data.Database;
using Portal.Data.Erp;
using Portal.Data.ErpClients;
using Portal.Data.Tenancy;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Erp;

public sealed class ErpRecordStoreTests
{
    private static readonly string[] Tables = ["items", "purchase_orders", "purchase_order_lines", "deliveries", "delivery_lines", "invoices", "payments"];

    [Theory, OnBothDatabases]
    public async Task The_summary_matches_figures_worked_out_by_hand(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var erp = await ErpClientScopeAsync(db, world, world.PartnershipAId);
        Assert.True(await db.ErpRecords.ImportHistoryAsync(erp, world.PartnershipAId, SampleHistory.Build(), Ct));

        var summary = await db.ErpRecords.GetSummaryAsync(await db.ScopeOfAsync(world.AccountLeadId), world.PartnershipAId, SampleHistory.Today, Ct);

        Assert.Equal(new ErpSummary
        {
            OpenOrderLines = 1,
            DeliveriesLast12Months = 5,
            LinesDueLast12Months = 3,
            LinesOnTimeInFullLast12Months = 1,
            InvoicedLast12MonthsMinor = 220_000,
            OpenInvoicesMinor = 100_000,
            OverdueMinor = 30_000,
        }, summary);
        Assert.Equal(33.3m, summary.OnTimeInFullPercent);
    }

    [Theory, OnBothDatabases]
    public async Task Importing_the_same_history_twice_changes_nothing(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var erp = await ErpClientScopeAsync(db, world, world.PartnershipAId);
        await db.ErpRecords.ImportHistoryAsync(erp, world.PartnershipAId, SampleHistory.Build(), Ct);
        var countsAfterFirst = await RowCountsAsync(db);
        var summaryAfterFirst = await db.ErpRecords.GetSummaryAsync(erp, world.PartnershipAId, SampleHistory.Today, Ct);

        Assert.True(await db.ErpRecords.ImportHistoryAsync(erp, world.PartnershipAId, SampleHistory.Build(), Ct));

        Assert.Equal([2, 2, 5, 6, 6, 4, 3], countsAfterFirst);
        Assert.Equal(countsAfterFirst, await RowCountsAsync(db));
        Assert.Equal(summaryAfterFirst, await db.ErpRecords.GetSummaryAsync(erp, world.PartnershipAId, SampleHistory.Today, Ct));
    }

    [Theory, OnBothDatabases]
    public async Task A_stale_revision_does_not_overwrite_a_newer_one(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var erp = await ErpClientScopeAsync(db, world, world.PartnershipAId);
        await db.ErpRecords.ImportHistoryAsync(erp, world.PartnershipAId, SampleHistory.Build(itemRevision: 2, orderRevision: 2, bracketName: "Bracket v2", line1Quantity: 12), Ct);

        await db.ErpRecords.ImportHistoryAsync(erp, world.PartnershipAId, SampleHistory.Build(itemRevision: 1, orderRevision: 1, bracketName: "Bracket v1", line1Quantity: 10), Ct);

        Assert.Equal(("Bracket v2", 2L, 12L), await ItemAndLineOneAsync(db));

        await db.ErpRecords.ImportHistoryAsync(erp, world.PartnershipAId, SampleHistory.Build(itemRevision: 3, orderRevision: 3, bracketName: "Bracket v3", line1Quantity: 8), Ct);

        Assert.Equal(("Bracket v3", 3L, 8L), await ItemAndLineOneAsync(db));
    }

    [Theory, OnBothDatabases]
    public async Task Importing_into_a_partnership_outside_the_scope_writes_nothing(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var erpOfB = await ErpClientScopeAsync(db, world, world.PartnershipBId);
        var auditRowsBefore = await AuditRows.CountAsync(db);

        Assert.False(await db.ErpRecords.ImportHistoryAsync(erpOfB, world.PartnershipAId, SampleHistory.Build(), Ct));

        Assert.All(await RowCountsAsync(db), count => Assert.Equal(0, count));
        Assert.Equal(auditRowsBefore, await AuditRows.CountAsync(db));
    }

    [Theory, OnBothDatabases]
    public async Task Another_partnership_s_records_are_invisible(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        await db.ErpRecords.ImportHistoryAsync(await ErpClientScopeAsync(db, world, world.PartnershipAId), world.PartnershipAId, SampleHistory.Build(), Ct);
        var leadB = await db.ScopeOfAsync(world.CustomerLeadBId);

        Assert.Equal(new ErpSummary(), await db.ErpRecords.GetSummaryAsync(leadB, world.PartnershipAId, SampleHistory.Today, Ct));
        Assert.Empty(await db.ErpRecords.GetRecentDeliveriesAsync(leadB, world.PartnershipAId, 10, Ct));
    }

    [Theory, OnBothDatabases]
    public async Task A_history_that_fails_half_way_leaves_no_trace(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var erp = await ErpClientScopeAsync(db, world, world.PartnershipAId);
        var auditRowsBefore = await AuditRows.CountAsync(db);
        var history = SampleHistory.Build() with { Payments = [new ErpPayment("P-X", 1, "F-UNKNOWN", SampleHistory.Today, 100, "EUR")] };

        var refused = await Assert.ThrowsAsync<ValidationException>(() => db.ErpRecords.ImportHistoryAsync(erp, world.PartnershipAId, history, Ct));
        Assert.Equal(["payments[0].invoice_external_id"], refused.Errors.Keys);

        Assert.All(await RowCountsAsync(db), count => Assert.Equal(0, count));
        Assert.Equal(auditRowsBefore, await AuditRows.CountAsync(db));
    }

    [Theory, OnBothDatabases]
    public async Task Recent_deliveries_come_newest_first_with_lateness(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var erp = await ErpClientScopeAsync(db, world, world.PartnershipAId);
        await db.ErpRecords.ImportHistoryAsync(erp, world.PartnershipAId, SampleHistory.Build(), Ct);

        var recent = await db.ErpRecords.GetRecentDeliveriesAsync(erp, world.PartnershipAId, 3, Ct);

        Assert.Equal(["D-5", "D-4", "D-3"], recent.Select(d => d.ExternalId));
        Assert.Equal([false, true, false], recent.Select(d => d.Late));
        Assert.Equal(new RecentDelivery
        {
            ExternalId = "D-5",
            DeliveredOn = new DateOnly(2026, 3, 1),
            PurchaseOrderNumber = "PO-1001",
            ItemName = "Shaft",
            Quantity = 2,
            Lot = "LOT-B",
            DueOn = new DateOnly(2026, 4, 1),
        }, recent[0]);
    }

    [Theory, OnBothDatabases]
    public async Task An_import_is_audited_as_the_erp_client(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var erp = await ErpClientScopeAsync(db, world, world.PartnershipAId);

        await db.ErpRecords.ImportHistoryAsync(erp, world.PartnershipAId, SampleHistory.Build(), Ct);

        var row = Assert.Single(await AuditRows.ForEntityAsync(db, "ErpHistory", world.PartnershipAId));
        Assert.Equal(("ErpClient", "Alpha SAP", "Imported"), (row.ActorKind, row.ActorName, row.Action));
        Assert.Equal("""{"items":2,"purchaseOrders":2,"deliveries":6,"invoices":4,"payments":3}""", row.AfterJson);
    }

    private static async Task<CallerScope> ErpClientScopeAsync(TestDatabase db, World world, long partnershipId)
    {
        var admin = await db.ScopeOfAsync(world.AdminId);
        var issued = await db.ErpClients.CreateAsync(admin, partnershipId, "Alpha SAP", [ErpScopes.Sync], cancellationToken: Ct);
        return (await db.Scopes.ForErpClientAsync(issued!.Client.ClientId, Ct))!;
    }

    private static async Task<List<long>> RowCountsAsync(TestDatabase db)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        var counts = new List<long>();
        foreach (var table in Tables)
        {
            counts.Add(await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}"));
        }
        return counts;
    }

    private static async Task<(string ItemName, long OrderRevision, long LineOneQuantity)> ItemAndLineOneAsync(TestDatabase db)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        return await connection.QuerySingleAsync<(string, long, long)>(
            """
            SELECT i.name, po.revision, l.quantity
            FROM purchase_orders po
            JOIN purchase_order_lines l ON l.purchase_order_id = po.id AND l.line_no = 1
            JOIN items i ON i.external_id = 'I-1'
            WHERE po.external_id = 'PO-1001'
            """);
    }
}
