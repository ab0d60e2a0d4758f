using CsCheck;
using Dapper;
using Portal.Data.Credit;
using Portal.Data.Database;
using Portal.Data.Erp;
using Portal.Data.Tenancy;
using Portal.Data.Users;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Credit;

/// <summary>
/// The credit and dashboard figures read from the running balances against <see cref="CreditReference"/> over every
/// stored record, on random histories sent in batches and then revised (payments moved to other invoices, amounts,
/// dates and currencies changed, order lines dropped, receipts re-pointed, stale re-sends), checked after every batch.
/// Payments before an invoice's issue or after today, overpayments, invoices of nothing and foreign currencies are all
/// drawn, because that is where a running total goes wrong. The daily delivered totals behind ppm and the daily counts of
/// lines due behind the scorecard's on time in full are checked the same way.
/// </summary>
public sealed class CreditBalanceDifferentialTests
{
    [Theory, OnBothDatabases]
    public async Task Balance_based_figures_equal_the_reference_over_random_revised_histories(DatabaseProvider provider) =>
        await Gen.Int.SampleAsync(async seed =>
        {
            await using var db = await TestDatabase.CreateMigratedAsync(provider);
            var world = await World.SeedAsync(db);
            var p = world.PartnershipAId;
            var scope = CallerScope.ForSystem("differential", p);
            var random = new Random(seed);
            await db.Credit.SetLineAsync(scope, p, new CreditLineInput(random.Next(0, 400_000), "EUR", 30, random.Next(2) == 0), Ct);
            foreach (var batch in new RandomHistory(random, DateOnly.FromDateTime(TestDatabase.Start.UtcDateTime)).Batches())
            {
                await db.ErpRecords.ImportHistoryAsync(scope, p, batch, Ct);
                await AssertMatchesReferenceAsync(db, scope, p);
            }
            await DeferSomeOpenInvoicesAsync(db, world, random);
            await AssertMatchesReferenceAsync(db, scope, p);
        }, iter: 12, threads: 1);

    /// <summary>A deferral of a few of the open invoices, approved, so that the figures leave them out of their buckets.</summary>
    private static async Task DeferSomeOpenInvoicesAsync(TestDatabase db, World world, Random random)
    {
        var p = world.PartnershipAId;
        var finance = (await db.Users.CreateAsync(World.Bootstrap, new NewUser(world.SupplierOrgId, "fay.finance@acme.test", "Fay", PortalRole.Finance), null, Ct)).Id;
        await db.Partnerships.AssignMemberAsync(World.Bootstrap with { PartnershipIds = [p] }, p, finance, Ct);
        var (financeScope, customer) = (await db.ScopeOfAsync(finance), await db.ScopeOfAsync(world.CustomerEngineerAId));
        var open = (await db.Credit.GetOpenInvoicesAsync(customer, p, null, 1, cancellationToken: Ct))!.Items;
        var chosen = open.Where(_ => random.Next(3) == 0).Select(i => i.Id).ToList();
        if (chosen.Count == 0)
        {
            return;
        }
        var today = db.Credit.Today;
        var request = (await db.Credit.RequestAsync(customer, p, new NewCreditArrangement(CreditArrangementKind.HardshipDeferral, "Differential", today.AddDays(-random.Next(0, 5)),
            today.AddDays(random.Next(1, 60)), "EUR", DeferralDays: random.Next(1, 120), InvoiceIds: chosen), Ct))!;
        await db.Credit.ApproveAsync(financeScope, p, request.Id, null, Ct);
    }

    [Theory, OnBothDatabases]
    public async Task The_migrator_builds_the_balances_of_records_written_before_them(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var p = world.PartnershipAId;
        var scope = CallerScope.ForSystem("rebuild", p);
        await db.Credit.SetLineAsync(scope, p, new CreditLineInput(250_000, "EUR", 30, true), Ct);
        foreach (var batch in new RandomHistory(new Random(11), DateOnly.FromDateTime(TestDatabase.Start.UtcDateTime)).Batches())
        {
            await db.ErpRecords.ImportHistoryAsync(scope, p, batch, Ct);
        }
        await using (var connection = await db.Database.OpenAsync(Ct))
        {
            // As 0012 finds a database written before it: no balances, and every partnership waiting for them.
            await connection.ExecuteAsync(
                """
                DELETE FROM exposure_steps; DELETE FROM exposure_months;
                UPDATE invoices SET paid_minor = 0, last_paid_on = NULL, settled_on = NULL;
                UPDATE purchase_order_lines SET delivered_quantity = 0, fulfilled_on = NULL;
                DELETE FROM delivered_days; UPDATE deliveries SET counted_on = NULL, counted_quantity = 0;
                DELETE FROM order_lines_due; UPDATE purchase_order_lines SET counted_due_on = NULL;
                INSERT INTO erp_balance_rebuilds (partnership_id) SELECT id FROM partnerships;
                """);
        }

        await db.NewMigrator().MigrateAsync(Ct);

        await AssertMatchesReferenceAsync(db, scope, p);
        await using var check = await db.Database.OpenAsync(Ct);
        Assert.Equal(0, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM erp_balance_rebuilds"));
    }

    private static async Task AssertMatchesReferenceAsync(TestDatabase db, CallerScope scope, long p)
    {
        var stored = await StoredAsync(db, p);
        var orders = stored.Lines.Select(l => l.Line).ToList();
        var line = (await db.Credit.GetLineAsync(scope, p, Ct))!;
        var today = db.Credit.Today;
        var overview = (await db.Credit.GetOverviewAsync(scope, p, Ct))!;
        var expected = CreditReference.Position(line, stored.Invoices, orders, overview.Arrangements, today);

        var standing = (await db.Credit.GetStandingAsync(scope, p, Ct))!;
        foreach (var actual in new[] { overview.Position, standing.Position })
        {
            Assert.Equal(
                (expected.InvoiceExposureMinor, expected.OpenOrderExposureMinor, expected.OverdueMinor, expected.UtilisationPercent, expected.Figures.OpenInvoiceCount),
                (actual.InvoiceExposureMinor, actual.OpenOrderExposureMinor, actual.OverdueMinor, actual.UtilisationPercent, actual.OpenInvoiceCount));
            Assert.Equal(expected.Aging.OrderBy(a => a.Key), actual.Aging.OrderBy(a => a.Key));
        }
        Assert.Equal(CreditReference.MonthlySeries(line, stored.Invoices, orders, overview.Arrangements, today, CreditStore.SeriesMonths), overview.Series);

        var listed = new List<OpenInvoice>();
        for (var page = 1; ; page++)
        {
            var open = (await db.Credit.GetOpenInvoicesAsync(scope, p, null, page, cancellationToken: Ct))!;
            listed.AddRange(open.Items);
            if (page >= open.PageCount) break;
        }
        Assert.Equal(expected.OpenInvoices.OrderBy(i => i.DueOn).ThenBy(i => i.Id), listed);

        Assert.Equal(ExpectedSummary(stored, today), await db.ErpRecords.GetSummaryAsync(scope, p, today, Ct));
        Assert.Equal(ExpectedLineFigures(orders), await LineFiguresAsync(db, p));

        var receipts = orders.SelectMany(l => l.Deliveries).ToList();
        foreach (var (from, to) in new[] { (today.AddYears(-1).AddDays(1), today), (today.AddDays(-45), today.AddDays(-10)), (today.AddYears(-20), today.AddYears(5)) })
        {
            var ppm = await db.QualityMetrics.GetPpmAsync(scope, p, from, to, Ct);
            Assert.Equal(receipts.Where(r => r.DeliveredOn >= from && r.DeliveredOn <= to).Sum(r => r.Quantity), ppm.DeliveredQuantity);

            var due = stored.Lines.Where(l => l.DueOn >= from && l.DueOn <= to).ToList();
            var late = due.Where(l => l.Line.Deliveries.Where(d => d.DeliveredOn <= l.DueOn).Sum(d => d.Quantity) < l.Line.Quantity).Select(l => l.Line.Id).Order().ToList();
            var otif = (await db.GuaranteeMetrics.OnTimeInFullAsync(scope, [p], from, to, Ct))[p];
            Assert.Equal((due.Count - late.Count, (long)due.Count), (otif.Numerator, otif.Denominator));
            Assert.Equal(late, otif.SourceIds);
        }
    }

    /// <summary>The dashboard's figures over every record: an invoice is open while payments in its currency fall short of it.</summary>
    private static ErpSummary ExpectedSummary(Stored stored, DateOnly today)
    {
        var yearAgo = today.AddYears(-1);
        var owed = stored.Invoices
            .Select(i => (Invoice: i, Owed: i.AmountMinor - i.Payments.Where(x => x.Currency == i.Currency).Sum(x => x.AmountMinor)))
            .Where(i => i.Owed > 0).ToList();
        var due = stored.Lines.Where(l => l.DueOn > yearAgo && l.DueOn <= today).ToList();
        return new ErpSummary
        {
            OpenOrderLines = stored.Lines.Count(l => l.Line.Deliveries.Sum(d => d.Quantity) < l.Line.Quantity),
            DeliveriesLast12Months = stored.DeliveredOn.Count(d => d > yearAgo),
            LinesDueLast12Months = due.Count,
            LinesOnTimeInFullLast12Months = due.Count(l => l.Line.Deliveries.Where(d => d.DeliveredOn <= l.DueOn).Sum(d => d.Quantity) >= l.Line.Quantity),
            InvoicedLast12MonthsMinor = stored.Invoices.Where(i => i.IssuedOn > yearAgo).Sum(i => i.AmountMinor),
            OpenInvoicesMinor = owed.Sum(o => o.Owed),
            OverdueMinor = owed.Where(o => o.Invoice.DueOn < today).Sum(o => o.Owed),
        };
    }

    /// <summary>What each line's receipts add up to, the day of the last and the day they first covered it.</summary>
    private static List<(long Id, long Delivered, DateOnly? LastDeliveredOn, DateOnly? FulfilledOn)> ExpectedLineFigures(List<CreditOrderLine> lines) =>
        lines.Select(l =>
        {
            var byDay = l.Deliveries.GroupBy(d => d.DeliveredOn).Select(g => (Day: g.Key, Quantity: g.Sum(d => d.Quantity))).OrderBy(d => d.Day).ToList();
            var covered = byDay.Select((d, i) => (d.Day, Running: byDay.Take(i + 1).Sum(x => x.Quantity))).FirstOrDefault(d => d.Running >= l.Quantity);
            return (l.Id, byDay.Sum(d => d.Quantity), byDay.Count == 0 ? (DateOnly?)null : byDay[^1].Day, covered == default ? (DateOnly?)null : covered.Day);
        }).OrderBy(l => l.Id).ToList();

    private static async Task<List<(long Id, long Delivered, DateOnly? LastDeliveredOn, DateOnly? FulfilledOn)>> LineFiguresAsync(TestDatabase db, long p)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        return (await connection.QueryAsync<(long, long, DateOnly?, DateOnly?)>(
            "SELECT id, delivered_quantity, last_delivered_on, fulfilled_on FROM purchase_order_lines WHERE partnership_id = @p ORDER BY id", new { p })).ToList();
    }

    private sealed record StoredLine(CreditOrderLine Line, DateOnly DueOn);

    private sealed record Stored(List<CreditInvoice> Invoices, List<StoredLine> Lines, List<DateOnly> DeliveredOn);

    /// <summary>Every invoice with its payments and every order line with its receipts, read the plain way.</summary>
    private static async Task<Stored> StoredAsync(TestDatabase db, long p)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        var payments = (await connection.QueryAsync<(long InvoiceId, DateOnly PaidOn, long AmountMinor, string Currency)>(
            "SELECT invoice_id, paid_on, amount_minor, currency FROM payments WHERE partnership_id = @p", new { p })).ToLookup(x => x.InvoiceId);
        var invoices = (await connection.QueryAsync<(long Id, string Number, DateOnly IssuedOn, DateOnly DueOn, long AmountMinor, string Currency)>(
                "SELECT id, number, issued_on, due_on, amount_minor, currency FROM invoices WHERE partnership_id = @p", new { p }))
            .Select(i => new CreditInvoice
            {
                Id = i.Id, Number = i.Number, IssuedOn = i.IssuedOn, DueOn = i.DueOn, AmountMinor = i.AmountMinor, Currency = i.Currency,
                Payments = payments[i.Id].Select(x => new CreditPayment(x.PaidOn, x.AmountMinor, x.Currency)).ToList(),
            }).ToList();
        var receipts = (await connection.QueryAsync<(long LineId, DateOnly DeliveredOn, long Quantity)>(
            "SELECT dl.po_line_id, d.delivered_on, dl.quantity FROM delivery_lines dl JOIN deliveries d ON d.id = dl.delivery_id WHERE dl.partnership_id = @p",
            new { p })).ToLookup(r => r.LineId);
        var lines = (await connection.QueryAsync<(long Id, DateOnly OrderedOn, DateOnly DueOn, long Quantity, long UnitPriceMinor, string Currency)>(
                """
                SELECT l.id, po.ordered_on, l.due_on, l.quantity, l.unit_price_minor, po.currency
                FROM purchase_order_lines l JOIN purchase_orders po ON po.id = l.purchase_order_id WHERE l.partnership_id = @p
                """, new { p }))
            .Select(l => new StoredLine(new CreditOrderLine
            {
                Id = l.Id, OrderedOn = l.OrderedOn, Quantity = l.Quantity, UnitPriceMinor = l.UnitPriceMinor, Currency = l.Currency,
                Deliveries = receipts[l.Id].Select(r => (r.DeliveredOn, r.Quantity)).ToList(),
            }, l.DueOn)).ToList();
        var delivered = (await connection.QueryAsync<DateOnly>("SELECT delivered_on FROM deliveries WHERE partnership_id = @p", new { p })).ToList();
        return new Stored(invoices, lines, delivered);
    }
}
