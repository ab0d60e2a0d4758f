using Portal.Data.Loans;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Loans;

/// <summary>The world plus a small register: a spectrometer offered for loan, a probe kept in-house, and a retired rig.</summary>
public sealed record LoanWorld(World World, long SpectrometerId, long InHouseProbeId, long RetiredRigId)
{
    public static readonly DateOnly Today = DateOnly.FromDateTime(TestDatabase.Start.UtcDateTime);

    public static async Task<LoanWorld> SeedAsync(TestDatabase db)
    {
        var world = await World.SeedAsync(db);
        var supplier = await db.ScopeOfAsync(world.AdminId);
        var spectrometer = await db.Equipment.CreateAsync(supplier, Item("Benchtop spectrometer", "SPX-200", "SPX-0001", 1_200_000, available: true), Ct);
        var probe = await db.Equipment.CreateAsync(supplier, Item("Reference probe", "RP-9", "RP-0009", 90_000, available: false), Ct);
        var rig = await db.Equipment.CreateAsync(supplier, Item("Calibration rig", "CR-1", "CR-0001", 400_000, available: true) with { Retired = true }, Ct);
        return new LoanWorld(world, spectrometer.Id, probe.Id, rig.Id);
    }

    public static EquipmentInput Item(string name, string model, string serial, long value, bool available) =>
        new(name, model, serial, value, "EUR", "Shelf B3", EquipmentCondition.Good, "Recalibrated in January; internal only.", available, false);

    public NewLoan Trial(long? equipmentId = null) =>
        new(equipmentId ?? SpectrometerId, "Trial of the new assay", Today.AddDays(1), Today.AddMonths(6));

    /// <summary>A loan of the spectrometer to A, requested by A's engineer and taken as far as <paramref name="until"/>.</summary>
    public async Task<Loan> LoanToAAsync(TestDatabase db, LoanState until, long monthlyFeeMinor = 40_000)
    {
        var (lead, customer) = (await db.ScopeOfAsync(World.AccountLeadId), await db.ScopeOfAsync(World.CustomerEngineerAId));
        var p = World.PartnershipAId;
        var loan = (await db.Loans.RequestAsync(customer, p, Trial(), Ct))!;
        var path = new (LoanState To, bool ByCustomer, LoanStep Step)[]
        {
            (LoanState.Approved, false, new LoanStep(Terms: new LoanTermsUpdate(monthlyFeeMinor, 100_000, "Insured by the customer."))),
            (LoanState.Shipped, false, new LoanStep(EquipmentCondition.Good, "Shipped with case")),
            (LoanState.InUse, true, new LoanStep()),
            (LoanState.ReturnDue, true, new LoanStep()),
        };
        foreach (var (to, byCustomer, step) in path.TakeWhile(s => s.To <= until))
        {
            loan = (await db.Loans.TransitionAsync(byCustomer ? customer : lead, p, loan.Id, to, step, Ct))!;
        }
        return loan;
    }
}
