using Portal.Data.Credit;
using Portal.Data.Tenancy;
using Portal.Data.Tests.Guarantees;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Scorecards;

/// <summary>
/// The guarantee world (SampleHistory in both partnerships, the 95 % OTIF guarantee on A) with a credit line of
/// 10,000.00 EUR on A and the guarantees judged, seen from 2 March 2026. Worked out by hand for partnership A:
/// <list type="bullet">
/// <item>January: OTIF 1/1 = 100 %, ppm 0 of 10, guarantee met, no credit; no invoice due; exposure at 31 Jan 1,000.00
/// (F-1001) = 10 % utilisation, nothing overdue. Supplier 100 (green); customer has 35 of 100 weight with data: insufficient.</item>
/// <item>February: OTIF 0/2 (lines 2 and 3 late), ppm 0 of 11, guarantee missed, credit 100.00 (score 98); F-1001 due 14 Feb
/// paid 10 Feb: 1/1 on time; exposure at 28 Feb 300.00 + 700.00 = 10 %, nothing overdue. Supplier
/// (0×25 + 100×20 + 100×5 + 0×10 + 98×5) / 65 = 46 (red); customer 100 (green). No design stage and no action item falls due: no data.</item>
/// </list>
/// </summary>
public sealed record ScorecardWorld(GuaranteeWorld Guarantees)
{
    public static readonly DateOnly January = new(2026, 1, 1);
    public static readonly DateOnly February = new(2026, 2, 1);

    public World World => Guarantees.World;
    public long A => World.PartnershipAId;
    public long B => World.PartnershipBId;
    public CallerScope Job => CallerScope.ForSystem("scorecards", A);

    public static async Task<ScorecardWorld> SeedAsync(TestDatabase db)
    {
        var g = await GuaranteeWorld.SeedAsync(db);
        await db.Credit.SetLineAsync(await db.ScopeOfAsync(g.FinanceId), g.World.PartnershipAId, new CreditLineInput(1_000_000, "EUR", 30, false), Ct);
        await db.GuaranteeEvaluator.EvaluatePartnershipAsync(g.Job, g.World.PartnershipAId, Ct);
        return new ScorecardWorld(g);
    }
}
