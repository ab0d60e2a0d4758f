using Dapper;
using Portal.Data.Database;
using Portal.Data.Erp;
using Portal.Data.ErpClients;
using Portal.Data.Tenancy;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Erp;

public sealed class ErpSyncStoreTests
{
    private static readonly DateOnly Day = new(2026, 2, 1);

    [Theory, OnBothDatabases]
    public async Task Each_record_gets_its_own_result_in_request_order(DatabaseProvider provider)
    {
        var (db, erp, p) = await ArrangeAsync(provider);
        await using var _ = db;
        await Apply(db, erp, p, "r1", Items(("I-1", 2, "Bracket"), ("I-2", 1, "Shaft")));

        var outcome = await Apply(db, erp, p, "r2", Items(("I-3", 1, "New"), ("I-1", 3, "Bracket v3"), ("I-2", 1, "Shaft again"), ("I-1", 1, "Bracket v1")));

        Assert.Equal([ErpUpsertResult.Created, ErpUpsertResult.Updated, ErpUpsertResult.Unchanged, ErpUpsertResult.Stale], outcome.Results);
        Assert.False(outcome.Replayed);
        Assert.Equal(["Bracket v3", "Shaft", "New"], await NamesAsync(db));
    }

    [Theory, OnBothDatabases]
    public async Task A_replayed_request_id_returns_the_first_answer_and_applies_nothing(DatabaseProvider provider)
    {
        var (db, erp, p) = await ArrangeAsync(provider);
        await using var _ = db;
        var first = await Apply(db, erp, p, "same", Items(("I-1", 1, "Bracket")));
        await Apply(db, erp, p, "later", Items(("I-1", 2, "Bracket, revised")));

        var replay = await Apply(db, erp, p, "same", Items(("I-1", 1, "Bracket")));

        Assert.Equal(first.Results, replay.Results);
        Assert.True(replay.Replayed);
        Assert.Equal(["Bracket, revised"], await NamesAsync(db));
    }

    [Theory, OnBothDatabases]
    public async Task A_request_id_reused_for_other_content_or_another_method_is_refused_and_applies_nothing(DatabaseProvider provider)
    {
        var (db, erp, p) = await ArrangeAsync(provider);
        await using var _ = db;
        await Apply(db, erp, p, "same", Items(("I-1", 1, "Bracket")));

        var changed = await Assert.ThrowsAsync<DuplicateException>(() => Apply(db, erp, p, "same", Items(("I-1", 5, "Changed"), ("I-9", 1, "Planted"))));
        await Assert.ThrowsAsync<DuplicateException>(() => db.ErpSync.ApplyBatchAsync(erp, p, "OtherMethod", "same", Items(("I-1", 1, "Bracket")), Ct));

        Assert.Contains("\"same\" was already used for a different batch", changed.Message, StringComparison.Ordinal);
        Assert.Equal(["Bracket"], await NamesAsync(db));
    }

    [Theory, OnBothDatabases]
    public async Task A_newer_revision_is_never_overwritten_by_an_older_one_arriving_later(DatabaseProvider provider)
    {
        var (db, erp, p) = await ArrangeAsync(provider);
        await using var _ = db;
        await Apply(db, erp, p, "a", Items(("I-1", 7, "Seventh")));

        var late = await Apply(db, erp, p, "b", Items(("I-1", 6, "Sixth"), ("I-1", 5, "Fifth")));

        Assert.Equal([ErpUpsertResult.Stale, ErpUpsertResult.Stale], late.Results);
        Assert.Equal(["Seventh"], await NamesAsync(db));
    }

    [Theory, OnBothDatabases]
    public async Task A_batch_with_one_bad_record_writes_nothing_and_names_the_record_and_field(DatabaseProvider provider)
    {
        var (db, erp, p) = await ArrangeAsync(provider);
        await using var _ = db;
        await SeedOrderAsync(db, erp, p);
        var deliveries = Enumerable.Range(0, 5).Select(i => Delivery($"D-{i}", quantity: i == 3 ? -2 : 4)).ToList();

        var refused = await Assert.ThrowsAsync<ValidationException>(() => Apply(db, erp, p, "bad", Batch(deliveries: deliveries)));

        Assert.Equal(["deliveries[3].lines[0].quantity"], refused.Errors.Keys);
        Assert.Equal(0, await CountAsync(db, "deliveries"));
        Assert.Equal(0, await CountAsync(db, "erp_sync_requests WHERE request_id = 'bad'"));
    }

    [Theory, OnBothDatabases]
    public async Task References_to_unknown_records_are_field_violations(DatabaseProvider provider)
    {
        var (db, erp, p) = await ArrangeAsync(provider);
        await using var _ = db;
        await SeedOrderAsync(db, erp, p);

        var unknownLine = await Assert.ThrowsAsync<ValidationException>(() => Apply(db, erp, p, "x1", Batch(deliveries: [Delivery("D-1"), Delivery("D-2", lineNo: 9)])));
        var unknownOrder = await Assert.ThrowsAsync<ValidationException>(() => Apply(db, erp, p, "x2", Batch(deliveries: [Delivery("D-1", order: "PO-404")])));
        var unknownItem = await Assert.ThrowsAsync<ValidationException>(() => Apply(db, erp, p, "x3",
            Batch(orders: [new ErpPurchaseOrder("PO-2", 1, "PO-2", Day, "EUR", [new ErpPurchaseOrderLine(1, "I-404", 1, 100, Day)])])));
        var unknownInvoice = await Assert.ThrowsAsync<ValidationException>(() => Apply(db, erp, p, "x4",
            Batch(payments: [new ErpPayment("PAY-1", 1, "F-404", Day, 100, "EUR")])));

        Assert.Equal(["deliveries[1].lines[0].purchase_order_line_no"], unknownLine.Errors.Keys);
        Assert.Equal(["deliveries[0].lines[0].purchase_order_external_id"], unknownOrder.Errors.Keys);
        Assert.Equal(["purchase_orders[0].lines[0].item_external_id"], unknownItem.Errors.Keys);
        Assert.Equal(["payments[0].invoice_external_id"], unknownInvoice.Errors.Keys);
        Assert.Equal(0, await CountAsync(db, "deliveries"));
        Assert.Equal(1, await CountAsync(db, "purchase_orders"));
    }

    [Theory, OnBothDatabases]
    public async Task A_newer_revision_replaces_lines_but_keeps_an_order_line_a_delivery_received_against(DatabaseProvider provider)
    {
        var (db, erp, p) = await ArrangeAsync(provider);
        await using var _ = db;
        await SeedOrderAsync(db, erp, p);
        await Apply(db, erp, p, "d1", Batch(deliveries: [new ErpDelivery("D-1", 1, Day, [new ErpDeliveryLine(1, "PO-1", 1, 2, "L1"), new ErpDeliveryLine(2, "PO-1", 2, 3, "L2")])]));
        await using var connection = await db.Database.OpenAsync(Ct);
        const string lineOne = "SELECT id FROM purchase_order_lines WHERE line_no = 1";
        var lineOneBefore = await connection.ExecuteScalarAsync<long>(lineOne);

        // Line 2 was received against: it stays. Line 3 was not: it goes. Line 1 is updated in place, keeping its id.
        await Apply(db, erp, p, "o2", Batch(orders: [new ErpPurchaseOrder("PO-1", 2, "PO-1", Day, "EUR", [new ErpPurchaseOrderLine(1, "I-1", 20, 100, Day)])]));
        var delivery = await Apply(db, erp, p, "d2", Batch(deliveries: [new ErpDelivery("D-1", 2, Day, [new ErpDeliveryLine(1, "PO-1", 1, 5, "L9")])]));

        Assert.Equal([ErpUpsertResult.Updated], delivery.Results);
        Assert.Equal(lineOneBefore, await connection.ExecuteScalarAsync<long>(lineOne));
        Assert.Equal(["1:20", "2:10"], await connection.QueryAsync<string>("SELECT CAST(line_no AS TEXT) || ':' || CAST(quantity AS TEXT) FROM purchase_order_lines ORDER BY line_no"));
        Assert.Equal(["1:5:L9"], await connection.QueryAsync<string>("SELECT CAST(line_no AS TEXT) || ':' || CAST(quantity AS TEXT) || ':' || lot FROM delivery_lines"));
    }

    [Theory, OnBothDatabases]
    public async Task A_big_batch_with_one_delivery_twice_applies_both_revisions_in_order(DatabaseProvider provider)
    {
        var (db, erp, p) = await ArrangeAsync(provider);
        await using var _ = db;
        await SeedOrderAsync(db, erp, p);
        // D-7 comes again with a newer revision inside the same batch: the last copy is the one written.
        var deliveries = Enumerable.Range(0, 250).Select(i => Delivery($"D-{i}", quantity: 1 + i % 5, lineNo: 1 + i % 3)).ToList();
        deliveries.Insert(120, new ErpDelivery("D-7", 2, Day, [new ErpDeliveryLine(1, "PO-1", 3, 9, "L7"), new ErpDeliveryLine(2, "PO-1", 1, 1, null)]));

        var outcome = await Apply(db, erp, p, "big", Batch(deliveries: deliveries));

        Assert.Equal(251, outcome.Results.Count);
        Assert.Equal(250, outcome.Results.Count(r => r == ErpUpsertResult.Created));
        Assert.Equal(ErpUpsertResult.Updated, outcome.Results[120]);
        Assert.Equal(250, await CountAsync(db, "deliveries"));
        Assert.Equal(251, await CountAsync(db, "delivery_lines"));
        await using var connection = await db.Database.OpenAsync(Ct);
        Assert.Equal(["2:1:3:9:L7", "2:2:1:1:-"], await connection.QueryAsync<string>(
            """
            SELECT CAST(d.revision AS TEXT) || ':' || CAST(dl.line_no AS TEXT) || ':' || CAST(pl.line_no AS TEXT) || ':' || CAST(dl.quantity AS TEXT) || ':' || COALESCE(dl.lot, '-')
            FROM deliveries d JOIN delivery_lines dl ON dl.delivery_id = d.id JOIN purchase_order_lines pl ON pl.id = dl.po_line_id
            WHERE d.external_id = 'D-7' ORDER BY dl.line_no
            """));
        Assert.Equal(1 + 249 % 5, await connection.ExecuteScalarAsync<long>(
            "SELECT dl.quantity FROM deliveries d JOIN delivery_lines dl ON dl.delivery_id = d.id WHERE d.external_id = 'D-249'"));
    }

    [Theory, OnBothDatabases]
    public async Task A_stream_chunk_sent_again_is_skipped_and_its_position_is_kept(DatabaseProvider provider)
    {
        var (db, erp, p) = await ArrangeAsync(provider);
        await using var _ = db;
        var envelopes = Enumerable.Range(1, 6).Select(i => ((long)i, (ErpRecord)new ErpItem($"I-{i}", 1, $"S-{i}", $"Item {i}", "pcs"))).ToList();

        var first = await db.ErpSync.ApplyStreamChunkAsync(erp, p, "load-1", envelopes[..4], Ct);
        var again = await db.ErpSync.ApplyStreamChunkAsync(erp, p, "load-1", envelopes, Ct);

        Assert.Equal((4, 0, 4L), (first!.Applied, first.Skipped, first.Position));
        Assert.Equal((2, 4, 6L), (again!.Applied, again.Skipped, again.Position));
        Assert.Equal(6, await CountAsync(db, "items"));
        Assert.Equal(6, await db.ErpSync.GetStreamPositionAsync(erp, p, "load-1", Ct));
        Assert.Equal(0, await db.ErpSync.GetStreamPositionAsync(erp, p, "other", Ct));
    }

    [Theory, OnBothDatabases]
    public async Task A_refused_stream_chunk_writes_nothing_and_keeps_the_position(DatabaseProvider provider)
    {
        var (db, erp, p) = await ArrangeAsync(provider);
        await using var _ = db;
        await db.ErpSync.ApplyStreamChunkAsync(erp, p, "s", [(1, new ErpItem("I-1", 1, "S", "N", "pcs"))], Ct);

        var refused = await Assert.ThrowsAsync<ValidationException>(() => db.ErpSync.ApplyStreamChunkAsync(erp, p, "s",
            [(2, new ErpItem("I-2", 1, "S", "N", "pcs")), (3, new ErpItem("I-3", 1, "", "N", "pcs"))], Ct));

        Assert.Equal(["envelopes[sequence=3].item.sku"], refused.Errors.Keys);
        Assert.Equal(1, await CountAsync(db, "items"));
        Assert.Equal(1, await db.ErpSync.GetStreamPositionAsync(erp, p, "s", Ct));
    }

    [Theory, OnBothDatabases]
    public async Task Another_partnership_cannot_be_written_or_read(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var erpOfB = await ErpClientScopeAsync(db, world.PartnershipBId);

        Assert.Null(await db.ErpSync.ApplyBatchAsync(erpOfB, world.PartnershipAId, "UpsertItems", "r", Items(("I-1", 1, "Planted")), Ct));
        Assert.Null(await db.ErpSync.ApplyStreamChunkAsync(erpOfB, world.PartnershipAId, "s", [(1, new ErpItem("I-1", 1, "S", "Planted", "pcs"))], Ct));
        Assert.Equal(0, await db.ErpSync.GetStreamPositionAsync(erpOfB, world.PartnershipAId, "s", Ct));
        Assert.Equal(0, await CountAsync(db, "items"));
    }

    [Theory, OnBothDatabases]
    public async Task Counts_per_type_and_the_last_refusals_are_kept_per_connection(DatabaseProvider provider)
    {
        var (db, erp, p) = await ArrangeAsync(provider);
        await using var _ = db;
        await Apply(db, erp, p, "r1", Items(("I-1", 1, "A"), ("I-2", 1, "B")));
        await Apply(db, erp, p, "r2", Items(("I-1", 1, "A"), ("I-2", 2, "B")));
        for (var i = 0; i < 60; i++)
        {
            await db.ErpSync.RecordRejectionAsync(erp, p, "UpsertItems", $"bad-{i}", new Dictionary<string, string> { ["items[0].sku"] = "Required.", ["items[1].name"] = "Required." }, Ct);
        }

        await using var connection = await db.Database.OpenAsync(Ct);
        Assert.Equal((2L, 1L, 1L, 0L), await connection.QuerySingleAsync<(long, long, long, long)>("SELECT created, updated, unchanged, stale FROM erp_sync_stats WHERE record_type = 'Item'"));
        Assert.Equal(ErpSyncStore.RejectionsKept, await CountAsync(db, "erp_sync_rejections"));
        Assert.Equal("bad-59", await connection.ExecuteScalarAsync<string>("SELECT request_id FROM erp_sync_rejections ORDER BY id DESC LIMIT 1"));
    }

    private static async Task<(TestDatabase Db, CallerScope Erp, long PartnershipId)> ArrangeAsync(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        return (db, await ErpClientScopeAsync(db, world.PartnershipAId), world.PartnershipAId);
    }

    private static async Task<CallerScope> ErpClientScopeAsync(TestDatabase db, long partnershipId)
    {
        var issued = await db.ErpClients.CreateAsync(CallerScope.ForSystem("test", partnershipId), partnershipId, "Alpha SAP", [ErpScopes.Sync], cancellationToken: Ct);
        return (await db.Scopes.ForErpClientAsync(issued!.Client.ClientId, Ct))!;
    }

    private static async Task<ErpBatchOutcome> Apply(TestDatabase db, CallerScope erp, long partnershipId, string requestId, ErpHistory batch) =>
        (await db.ErpSync.ApplyBatchAsync(erp, partnershipId, "UpsertItems", requestId, batch, Ct))!;

    private static async Task SeedOrderAsync(TestDatabase db, CallerScope erp, long partnershipId) =>
        await db.ErpRecords.ImportHistoryAsync(erp, partnershipId, Batch(
            items: [new ErpItem("I-1", 1, "S-1", "Bracket", "pcs")],
            orders: [new ErpPurchaseOrder("PO-1", 1, "PO-1", Day, "EUR",
                [new ErpPurchaseOrderLine(1, "I-1", 10, 100, Day), new ErpPurchaseOrderLine(2, "I-1", 10, 100, Day), new ErpPurchaseOrderLine(3, "I-1", 10, 100, Day)])]), Ct);

    private static ErpDelivery Delivery(string externalId, int quantity = 4, string order = "PO-1", int lineNo = 1) =>
        new(externalId, 1, Day, [new ErpDeliveryLine(1, order, lineNo, quantity, null)]);

    private static ErpHistory Items(params (string Id, long Revision, string Name)[] items) =>
        Batch(items: items.Select(i => new ErpItem(i.Id, i.Revision, $"SKU-{i.Id}", i.Name, "pcs")).ToList());

    private static ErpHistory Batch(IReadOnlyList<ErpItem>? items = null, IReadOnlyList<ErpPurchaseOrder>? orders = null, IReadOnlyList<ErpDelivery>? deliveries = null,
        IReadOnlyList<ErpPayment>? payments = null) =>
        new(items ?? [], orders ?? [], deliveries ?? [], [], payments ?? []);

    private static async Task<List<string>> NamesAsync(TestDatabase db)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        return (await connection.QueryAsync<string>("SELECT name FROM items ORDER BY id")).ToList();
    }

    private static async Task<long> CountAsync(TestDatabase db, string tableAndFilter)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {tableAndFilter}");
    }
}
