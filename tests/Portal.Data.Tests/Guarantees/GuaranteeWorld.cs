using Portal.Data.Guarantees;
using Portal.Data.Tenancy;
using Portal.Data.Tests.Infrastructure;
using Portal.Data.Tests.Quality;
using Portal.Data.Users;

namespace Portal.Data.Tests.Guarantees;

/// <summary>
/// The quality world (SampleHistory in both partnerships) with a Finance person assigned to partnership A and, on A,
/// a monthly on-time-in-full guarantee of 95 % from November 2025 paying 10 % of the month's invoices, capped at 100.00.
/// Seen from 2 March 2026: November and December have no lines due (no data), January is 100 % (met), February is
/// 0 % (missed: 10 % of 1,200.00 invoiced is 120.00, capped to 100.00).
/// </summary>
public sealed record GuaranteeWorld(QualityWorld Quality, long FinanceId, Guarantee Otif)
{
    public World World => Quality.World;

    public static readonly GuaranteeInput OtifInput = new()
    {
        Metric = GuaranteeMetric.OnTimeInFull,
        Target = 95,
        Period = GuaranteePeriod.Month,
        PenaltyKind = PenaltyKind.PercentOfInvoiced,
        PenaltyPercent = 10,
        CapMinor = 100_00,
        Currency = "EUR",
        EffectiveFrom = new DateOnly(2025, 11, 1),
    };

    public static async Task<GuaranteeWorld> SeedAsync(TestDatabase db)
    {
        var quality = await QualityWorld.SeedAsync(db);
        var admin = await db.ScopeOfAsync(quality.World.AdminId);
        var finance = await db.Users.CreateAsync(admin, new NewUser(quality.World.SupplierOrgId, "fay@acme.test", "Fay Finance", PortalRole.Finance), null, Ct);
        await db.Partnerships.AssignMemberAsync(admin, quality.World.PartnershipAId, finance.Id, Ct);
        var lead = await db.ScopeOfAsync(quality.World.AccountLeadId);
        var otif = await db.Guarantees.CreateAsync(lead, quality.World.PartnershipAId, OtifInput, Ct);
        return new GuaranteeWorld(quality, finance.Id, otif!);
    }

    public CallerScope Job => CallerScope.ForSystem("guarantee evaluation", World.PartnershipAId);
}
