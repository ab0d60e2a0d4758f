using Portal.Data.Erp;
using Portal.Data.Scorecards;
using Portal.Data.Tenancy;
using Portal.Web.Jobs;

namespace Portal.Web.Seed;

/// <summary>
/// A year of scorecards computed by the real catch-up (the job's own code) from the seeded history. The history is
/// random and relative to today, so Nordlab's last two closed months get ERP records that fix the story on any day the
/// demo starts: the month before last delivered on time, the last month late, so the supplier side drops and raises an
/// open health alert. Then receipts the ERP "sent late" for the month before that are synced and that month is
/// recomputed by the account lead: revision 2 beside revision 1, with who and why.
/// </summary>
public sealed class DemoScorecards(ScorecardCalculator calculator, ErpRecordStore erpRecords, ScopeStore scopes, TimeProvider clock)
{
    public async Task SeedAsync(IReadOnlyDictionary<string, long> partnershipIds, long nordlabLeadId, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var last = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var nordlab = partnershipIds[DemoData.Nordlab.Name];
        var sync = CallerScope.ForSystem("Demo seed", nordlab);
        await erpRecords.ImportHistoryAsync(sync, nordlab, Lines("PO-9000", last.AddMonths(-1), lines: 120, lateBy: 0), cancellationToken);
        await erpRecords.ImportHistoryAsync(sync, nordlab, Lines("PO-9001", last, lines: 14, lateBy: 6), cancellationToken);
        foreach (var partnershipId in partnershipIds.Values)
        {
            await calculator.CatchUpAsync(CallerScope.ForSystem(ScorecardJob.Id, partnershipId), partnershipId, cancellationToken);
        }
        await erpRecords.ImportHistoryAsync(sync, nordlab, Lines("PO-8999", last.AddMonths(-2), lines: 8, lateBy: 0), cancellationToken);
        var lead = await scopes.ForUserAsync(nordlabLeadId, cancellationToken) ?? throw new InvalidOperationException("No account lead scope.");
        await calculator.RecomputeAsync(lead, nordlab, last.AddMonths(-2), "Goods receipts for PO-8999 reached the ERP after the month was computed.", cancellationToken);
    }

    // One order of the first catalogue item with lines due on the 12th, each received in full lateBy days after.
    private static ErpHistory Lines(string number, DateOnly month, int lines, int lateBy)
    {
        var due = month.AddDays(11);
        var received = due.AddDays(lateBy);
        return new ErpHistory([],
            [new ErpPurchaseOrder(number, 1, number, month.AddDays(-20), DemoData.Nordlab.Currency,
                Enumerable.Range(1, lines).Select(n => new ErpPurchaseOrderLine(n, "ITEM-001", 10, 12_000, due)).ToList())],
            Enumerable.Range(1, lines).Select(n => new ErpDelivery($"GR-{number}-{n}", 1, received, [new ErpDeliveryLine(1, number, n, 10, $"LOT-{received:yyMM}-{n:000}")])).ToList(),
            [], []);
    }
}
