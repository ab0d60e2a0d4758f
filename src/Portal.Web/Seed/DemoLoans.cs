using Portal.Data.Changes;
using Portal.Data.Audit;
using Portal.Data.ChangeFeed;
using Portal.Data.Database;
using Portal.Data.Loans;
using Portal.Data.Notifications;
using Portal.Data.Tenancy;

namespace Portal.Web.Seed;

/// <summary>
/// The equipment register and loans to each demo customer in every state: requested, approved, shipped, in use, return
/// due (Nordlab's overdue, moved there by the same check the nightly job runs; Arcadia's started on time), returned,
/// converted to a purchase, written off, declined and cancelled; with maintenance entries. The stores run on a clock set
/// back to when each act happened, so the timeline and the conversion credit read as lived history.
/// </summary>
public sealed class DemoLoans(PortalDatabase database, ScopeStore scopes, DateTimeOffset now)
{
    private readonly SettableClock _clock = new() { Now = now };

    private sealed record Step(LoanState To, int DaysAgo, EquipmentCondition? Condition = null, string Note = "");

    public async Task SeedAsync(IReadOnlyDictionary<string, long> partnershipIds, IReadOnlyDictionary<string, long> userIds, CancellationToken cancellationToken)
    {
        var changes = ChangeRecorder.On(database, _clock);
        var equipment = new EquipmentStore(database, changes, _clock);
        var loans = new LoanStore(database, changes, new NotificationStore(database, _clock), _clock);
        var quinn = await ScopeAsync(userIds["quinn.quality@helix.example"]);

        _clock.Now = now.AddDays(-400);
        async Task<long> ItemAsync(string name, string model, string serial, long valueMinor, string location, bool offered = true) =>
            (await equipment.CreateAsync(quinn, new EquipmentInput(name, model, serial, valueMinor, "EUR", location, EquipmentCondition.New,
                "Bought for the customer loan pool.", offered, false), cancellationToken)).Id;
        var spectrometer1 = await ItemAsync("UV-Vis spectrometer", "Helix SPX-200", "SPX200-0141", 1_850_000, "Helix lab, shelf A1");
        var spectrometer2 = await ItemAsync("UV-Vis spectrometer", "Helix SPX-200", "SPX200-0142", 1_850_000, "Helix lab, shelf A2");
        var spectrometer3 = await ItemAsync("UV-Vis spectrometer", "Helix SPX-200", "SPX200-0157", 1_850_000, "Helix lab, shelf A3");
        var fluorescence = await ItemAsync("Fluorescence spectrometer", "Helix FLX-3", "FLX3-0022", 2_400_000, "Helix lab, shelf A4");
        var rig1 = await ItemAsync("Calibration rig", "Helix CR-10", "CR10-0007", 950_000, "Calibration room");
        var rig2 = await ItemAsync("Calibration rig", "Helix CR-10", "CR10-0011", 950_000, "Calibration room");
        var phProbes = await ItemAsync("pH probe set", "Helix PH-7 (6 probes)", "PH7-S-0310", 180_000, "Store room, cabinet 2");
        var temperatureProbes = await ItemAsync("Temperature probe kit", "Helix TP-4", "TP4-K-0098", 120_000, "Store room, cabinet 2");
        var raman = await ItemAsync("Raman immersion probe", "Helix RP-2", "RP2-0035", 640_000, "Helix lab, shelf B1");
        var flowCell = await ItemAsync("Flow-cell calibration rig", "Helix FC-1", "FC1-0004", 720_000, "Calibration room");
        var particleCounter = await ItemAsync("Particle counter", "Helix PC-5", "PC5-0120", 560_000, "Helix lab, shelf B2");
        var oxygenProbe = await ItemAsync("Dissolved-oxygen probe", "Helix DO-3", "DO3-0451", 95_000, "Store room, cabinet 3");
        var refractometer = await ItemAsync("Handheld refractometer", "Helix HR-1", "HR1-0233", 70_000, "Store room, cabinet 3");
        var viscometer = await ItemAsync("Rotational viscometer", "Helix VS-9", "VS9-0019", 830_000, "Helix lab, shelf B3");
        var conductivityMeter = await ItemAsync("Portable conductivity meter", "Helix CM-2", "CM2-0061", 85_000, "Store room, cabinet 1");
        await ItemAsync("Reference probe set", "Helix REF-1", "REF1-0001", 300_000, "Metrology lab", offered: false);

        foreach (var (item, daysAgo, work, by) in new[]
        {
            (spectrometer1, 200, "Deuterium lamp replaced; wavelength accuracy verified with holmium filter.", "Helix service team"),
            (spectrometer1, 30, "Annual calibration, certificate CAL-2026-0141.", "Quinn Harper"),
            (rig1, 150, "Pressure reference recalibrated against the metrology lab standard.", "Helix metrology"),
            (particleCounter, 40, "Cleaned the optics after return; zero count check passed.", "Erin Okafor"),
            (oxygenProbe, 20, "Membrane and electrolyte replaced after return.", "Helix service team"),
        })
        {
            _clock.Now = now.AddDays(-daysAgo);
            await equipment.AddMaintenanceAsync(quinn, item, new NewMaintenance(DateOnly.FromDateTime(_clock.Now.UtcDateTime), work, by), cancellationToken);
        }

        var nordlab = partnershipIds[DemoData.Nordlab.Name];
        var arcadia = partnershipIds[DemoData.Arcadia.Name];
        async Task LoanAsync(long partnershipId, long item, string purpose, int requestedDaysAgo, int lengthDays, long feeMinor, params Step[] steps)
        {
            var customer = DemoData.Customers.Single(c => partnershipIds[c.Name] == partnershipId);
            var engineer = await ScopeAsync(userIds[DemoData.Users.First(u => u.Role == Portal.Data.Users.PortalRole.CustomerEngineer && u.Organisation == customer.Name).Email]);
            var lead = await ScopeAsync(userIds[DemoData.Users.Single(u => u.Role == Portal.Data.Users.PortalRole.AccountLead && u.AssignedTo.Contains(customer.Name)).Email]);
            _clock.Now = now.AddDays(-requestedDaysAgo);
            var starts = DateOnly.FromDateTime(_clock.Now.UtcDateTime).AddDays(5);
            var loan = (await loans.RequestAsync(engineer, partnershipId, new NewLoan(item, purpose, starts, starts.AddDays(lengthDays)), cancellationToken))!;
            foreach (var step in steps)
            {
                _clock.Now = now.AddDays(-step.DaysAgo);
                var actor = step.To is LoanState.InUse or LoanState.ReturnDue ? engineer : lead;
                var terms = step.To == LoanState.Approved
                    ? new LoanTermsUpdate(feeMinor, feeMinor * 2, feeMinor == 0 ? "Free of charge for the joint validation. Customer insures the equipment in transit and on site." : "Customer insures the equipment in transit and on site; return in the original case.")
                    : null;
                await loans.TransitionAsync(actor, partnershipId, loan.Id, step.To, new LoanStep(step.Condition, step.Note, terms), cancellationToken);
            }
        }

        var good = EquipmentCondition.Good;
        await LoanAsync(nordlab, viscometer, "Rheology checks on the new reagent buffer before scale-up.", 2, 60, 0);
        await LoanAsync(nordlab, spectrometer1, "Second measuring station for the assay transfer to the Malmö lab.", 10, 90, 45_000, new Step(LoanState.Approved, 8));
        await LoanAsync(nordlab, fluorescence, "Method development for the fluorescence panel.", 20, 120, 60_000,
            new Step(LoanState.Approved, 18), new Step(LoanState.Shipped, 2, EquipmentCondition.New, "Courier DHL 7781 2231; calibration certificate in the case."));
        await LoanAsync(nordlab, phProbes, "Spare probes for the stability study.", 70, 150, 8_000,
            new Step(LoanState.Approved, 68), new Step(LoanState.Shipped, 65, good), new Step(LoanState.InUse, 62));
        await LoanAsync(nordlab, rig2, "Calibrating the pilot line's pressure sensors.", 125, 110, 30_000,
            new Step(LoanState.Approved, 123), new Step(LoanState.Shipped, 120, good), new Step(LoanState.InUse, 117));
        await LoanAsync(nordlab, raman, "In-line monitoring trial on the fermentation skid.", 215, 365, 35_000,
            new Step(LoanState.Approved, 213), new Step(LoanState.Shipped, 210, EquipmentCondition.New), new Step(LoanState.InUse, 207),
            new Step(LoanState.ConvertedToPurchase, 12, Note: "Nordlab keeps the probe for production monitoring."));
        await LoanAsync(nordlab, particleCounter, "Clean-room qualification.", 160, 90, 25_000,
            new Step(LoanState.Approved, 158), new Step(LoanState.Shipped, 156, good), new Step(LoanState.InUse, 154),
            new Step(LoanState.ReturnDue, 62), new Step(LoanState.Returned, 55, EquipmentCondition.Fair, "Optics dusty; cleaned and checked."));
        await LoanAsync(nordlab, conductivityMeter, "Spot checks of the purified-water loop.", 100, 60, 0,
            new Step(LoanState.Approved, 99), new Step(LoanState.Shipped, 97, good), new Step(LoanState.InUse, 95),
            new Step(LoanState.WrittenOff, 45, Note: "Lost in the move between Nordlab sites; written off by agreement."));
        await LoanAsync(nordlab, oxygenProbe, "Oxygen uptake trial.", 150, 30, 5_000, new Step(LoanState.Cancelled, 148, Note: "Trial postponed to next year."));
        await LoanAsync(nordlab, spectrometer2, "Backup instrument during our own unit's repair.", 40, 30, 45_000,
            new Step(LoanState.Declined, 39, Note: "Your unit's repair is covered by the service contract; we send a loaner through service instead."));

        await LoanAsync(arcadia, particleCounter, "Particle testing of the new cell-culture media line.", 3, 45, 0);
        await LoanAsync(arcadia, spectrometer2, "Concentration checks during the tech transfer.", 12, 60, 45_000, new Step(LoanState.Approved, 11));
        await LoanAsync(arcadia, rig1, "Sensor calibration for the new bioreactor.", 15, 60, 30_000,
            new Step(LoanState.Approved, 14), new Step(LoanState.Shipped, 1, good, "Freight forwarder: Kuehne+Nagel, crate 2 of 2."));
        await LoanAsync(arcadia, temperatureProbes, "Mapping the cold room.", 50, 120, 0,
            new Step(LoanState.Approved, 49), new Step(LoanState.Shipped, 47, good), new Step(LoanState.InUse, 44));
        await LoanAsync(arcadia, spectrometer3, "Feasibility measurements for the joint design request.", 80, 90, 45_000,
            new Step(LoanState.Approved, 79), new Step(LoanState.Shipped, 77, good), new Step(LoanState.InUse, 74),
            new Step(LoanState.ReturnDue, 3, Note: "Measurements done; please collect."));
        await LoanAsync(arcadia, flowCell, "Validation of the continuous-flow process.", 260, 365, 28_000,
            new Step(LoanState.Approved, 258), new Step(LoanState.Shipped, 255, EquipmentCondition.New), new Step(LoanState.InUse, 252),
            new Step(LoanState.ConvertedToPurchase, 30, Note: "Bought for the production line."));
        await LoanAsync(arcadia, oxygenProbe, "Oxygen transfer study.", 120, 60, 5_000,
            new Step(LoanState.Approved, 119), new Step(LoanState.Shipped, 117, good), new Step(LoanState.InUse, 115),
            new Step(LoanState.ReturnDue, 50), new Step(LoanState.Returned, 25, good));
        await LoanAsync(arcadia, refractometer, "Field checks at the supplier's site.", 90, 60, 0,
            new Step(LoanState.Approved, 89), new Step(LoanState.Shipped, 88, good), new Step(LoanState.InUse, 85),
            new Step(LoanState.WrittenOff, 40, Note: "Dropped in the field and beyond repair; agreed not to charge."));
        await LoanAsync(arcadia, viscometer, "Viscosity of the new formulation.", 30, 30, 0, new Step(LoanState.Cancelled, 28, Note: "Bought our own."));
        await LoanAsync(arcadia, viscometer, "Viscosity of the stability samples.", 8, 14, 0,
            new Step(LoanState.Declined, 7, Note: "Promised to Nordlab for the next two months; we can lend it from February."));

        // The nightly check, as of today: Nordlab's rig is past its end date, so it becomes overdue and both leads hear of it.
        _clock.Now = now;
        foreach (var partnershipId in await loans.PartnershipsWithOverdueLoansAsync(DateOnly.FromDateTime(now.UtcDateTime), cancellationToken))
        {
            await loans.CheckOverdueAsync(CallerScope.ForSystem("Loan overdue check", partnershipId), partnershipId, cancellationToken);
        }

        async Task<CallerScope> ScopeAsync(long userId) =>
            await scopes.ForUserAsync(userId, cancellationToken) ?? throw new InvalidOperationException("A demo person is missing.");
    }

    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
