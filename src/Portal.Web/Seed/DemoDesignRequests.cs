using System.Text;
using Portal.Data.Changes;
using Portal.Data.ChangeFeed;
using Portal.Data.Attachments;
using Portal.Data.Audit;
using Portal.Data.Database;
using Portal.Data.DesignRequests;
using Portal.Data.Notifications;
using Portal.Data.Tenancy;

namespace Portal.Web.Seed;

/// <summary>
/// Design requests in every stage for one partnership, including a Not a fit with a recommended alternative, with
/// comments and an internal note. It acts as the demo people through the real stores, on a <see cref="DemoClock"/>
/// that starts in the past and never reaches the present.
/// </summary>
public sealed class DemoDesignRequests(PortalDatabase database, ScopeStore scopes, AttachmentOptions attachmentOptions, TimeProvider clock)
{
    private sealed record Script(string Title, string Application, string Conditions, long Volume, long? PriceMinor, string Standards,
        DesignStage Reach, FitVerdict Verdict, int StartedDaysAgo, int DaysPerStage);

    private static readonly Script[] Scripts =
    [
        new("Heated quartz flow cell", "Continuous absorbance measurement in an analyser", "37 °C ± 0.1, saline and whole blood, 2 bar", 4_000, 18_500, "ISO 13485", DesignStage.Released, FitVerdict.Fit, 170, 26),
        new("Low-noise detector board", "Point-of-care photometric reader", "10–40 °C, battery powered, < 2 µV noise", 12_000, 9_900, "IEC 61010-1, EMC class B", DesignStage.Validation, FitVerdict.Fit, 120, 24),
        new("Peltier stage for cold samples", "Keeping reagents at 4 °C on the instrument deck", "Ambient up to 32 °C, 80 % RH, condensation", 1_500, 42_000, "RoHS", DesignStage.Prototype, FitVerdict.Marginal, 110, 25),
        new("UV lamp module, long life", "Disinfection cycle between runs", "254 nm, 20,000 h target, duty 30 %", 2_500, 15_000, "IEC 62471", DesignStage.Design, FitVerdict.Marginal, 40, 12),
        new("Sample tray for 384-well plates", "Automated loading of high-density plates", "Robot gripper, 0.1 mm positional tolerance", 800, null, "SBS/ANSI plate format", DesignStage.Feasibility, FitVerdict.Fit, 20, 1),
        new("PEEK cuvette holder", "Chemically resistant holder for solvents", "Acetonitrile, methanol, up to 60 °C", 3_000, 2_400, "", DesignStage.Submitted, FitVerdict.Fit, 3, 1),
        new("Fibre-coupled Raman probe 785 nm", "In-line monitoring of a fermentation broth", "785 nm excitation, steam sterilisable, 3 bar", 300, 120_000, "ASME BPE", DesignStage.Declined, FitVerdict.NotAFit, 30, 8),
        new("Compact spectrometer housing", "Handheld colour check", "Drop test 1.2 m, IP54", 6_000, 3_500, "IEC 60529", DesignStage.Withdrawn, FitVerdict.Fit, 60, 10),
    ];

    private static readonly DesignStage[] Forward = [DesignStage.Feasibility, DesignStage.Design, DesignStage.Prototype, DesignStage.Validation, DesignStage.Released];

    public async Task SeedAsync(long partnershipId, long customerEngineerId, long supplierEngineerId, string supplierEngineerEmail, long supplierLeadId, CancellationToken cancellationToken)
    {
        var customer = await scopes.ForUserAsync(customerEngineerId, cancellationToken) ?? throw new InvalidOperationException("No customer engineer scope.");
        var engineer = await scopes.ForUserAsync(supplierEngineerId, cancellationToken) ?? throw new InvalidOperationException("No supplier engineer scope.");
        foreach (var script in Scripts)
        {
            var demoClock = new DemoClock(clock.GetUtcNow().AddDays(-script.StartedDaysAgo).AddHours(-3));
            var changes = ChangeRecorder.On(database, demoClock);
            var store = new DesignRequestStore(database, changes, new AttachmentStore(database, changes, attachmentOptions, demoClock), demoClock);
            var request = (await store.RaiseAsync(customer, partnershipId, new DesignRequestInput(script.Title, script.Application, script.Conditions, script.Volume, script.PriceMinor,
                DateOnly.FromDateTime(demoClock.GetUtcNow().UtcDateTime).AddDays(180), script.Standards, "We would like to develop this together with you. Drawings and volumes attached."),
                [new NewAttachment("requirements.csv", "text/csv", Encoding.UTF8.GetBytes($"requirement,value\nvolume per year,{script.Volume}\nstandards,{script.Standards}\n"))], cancellationToken))!;
            await store.CommentAsync(customer, request.Id, "Happy to join a call to walk through the conditions.", false, cancellationToken);
            if (script.Reach == DesignStage.Submitted)
            {
                continue;
            }
            demoClock.Advance(1);
            await store.AdvanceAsync(engineer, request.Id, supplierEngineerId, cancellationToken);
            await store.CommentAsync(engineer, request.Id, $"Thanks, I own feasibility. Questions to @{supplierEngineerEmail} or here.", false, cancellationToken);
            await store.CommentAsync(engineer, request.Id, "Check our margin at the target price before we commit to tooling.", true, cancellationToken);
            if (script.Reach == DesignStage.Feasibility)
            {
                continue;
            }
            demoClock.Advance(script.DaysPerStage);
            if (script.Reach == DesignStage.Withdrawn)
            {
                await store.WithdrawAsync(customer, request.Id, cancellationToken);
                continue;
            }
            if (script.Verdict == FitVerdict.NotAFit)
            {
                await store.RecordVerdictAsync(engineer, request.Id, new VerdictInput(FitVerdict.NotAFit, null, "Lumora Photonics RP-785 immersion probe",
                    "Our probes are not rated for steam sterilisation; Lumora's RP-785 is, and it reaches the required 3 bar with a sapphire window.",
                    "https://example.com/lumora/rp-785"), cancellationToken);
                continue;
            }
            await store.RecordVerdictAsync(engineer, request.Id, new VerdictInput(script.Verdict,
                script.Verdict == FitVerdict.Marginal ? "Feasible if the ambient stays below 30 °C; above that we need a larger heat sink." : null, null, null, null), cancellationToken);
            foreach (var next in Forward.Skip(1).TakeWhile(s => s <= script.Reach))
            {
                var owner = next switch
                {
                    DesignStage.Prototype => supplierLeadId,
                    DesignStage.Validation => customerEngineerId,
                    _ => supplierEngineerId,
                };
                await store.AdvanceAsync(engineer, request.Id, owner, cancellationToken);
                if (next != script.Reach)
                {
                    demoClock.Advance(script.DaysPerStage);
                }
            }
        }
    }
}
