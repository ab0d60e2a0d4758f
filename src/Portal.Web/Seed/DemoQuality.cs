using System.Text;
using Portal.Data.Changes;
using Portal.Data.ChangeFeed;
using Portal.Data.Attachments;
using Portal.Data.Audit;
using Portal.Data.Database;
using Portal.Data.Notifications;
using Portal.Data.Quality;
using Portal.Data.Tenancy;

namespace Portal.Web.Seed;

/// <summary>
/// Quality issues for one demo customer in several 8D states: an overdue Critical containment, one in corrective
/// action (raised by the ERP), one waiting for the customer's verdict, one whose verification was rejected and one
/// closed. As the rules have it, the supplier's quality engineer (the partnership's default owner of D1–D3) owns and completes D1–D7 and the customer's engineer
/// judges the verification and closes. They go through the stores on a clock set back to when each act happened, so due dates, aging and the
/// trail read as if the history had been lived.
/// </summary>
public sealed class DemoQuality(PortalDatabase database, ScopeStore scopes, AttachmentOptions attachmentOptions, DateTimeOffset now)
{
    private readonly SettableClock _clock = new();

    public async Task SeedAsync(long partnershipId, DemoData.DemoCustomer customer, IReadOnlyDictionary<string, long> userIds, CancellationToken cancellationToken)
    {
        var changes = ChangeRecorder.On(database, _clock);
        var issues = new QualityIssueStore(database, changes, new AttachmentStore(database, changes, attachmentOptions, _clock), _clock);
        var workflow = new QualityWorkflowStore(database, issues, changes, _clock);
        var engineerEmail = DemoData.Users.Single(u => u.Role == Portal.Data.Users.PortalRole.CustomerEngineer && u.Organisation == customer.Name).Email;
        var customerEngineer = await ScopeAsync(userIds[engineerEmail]);
        var quality = await ScopeAsync(userIds["quinn.quality@helix.example"]);
        var erp = await scopes.ForErpClientAsync(customer.ErpClientId, cancellationToken) ?? throw new InvalidOperationException("The demo ERP client is missing.");
        var choices = await issues.GetReferenceChoicesAsync(quality, partnershipId, cancellationToken);

        // The account lead agreed the default windows and made the quality engineer the owner of containment, before any issue.
        _clock.Now = now.AddDays(-100);
        var lead = await ScopeAsync(userIds[DemoData.Users.Single(u => u.Role == Portal.Data.Users.PortalRole.AccountLead && u.AssignedTo.Contains(customer.Name)).Email]);
        var targets = new ContainmentTargetStore(database, changes);
        foreach (var severity in Enum.GetValues<Severity>())
        {
            await targets.SetAsync(lead, partnershipId, severity, (int)QualityRules.DefaultContainmentWindow(severity).TotalHours,
                userIds["quinn.quality@helix.example"], cancellationToken);
        }
        var (item, delivery) = (choices.Items[0].Id, choices.Deliveries[0]);

        async Task<long> RaiseAsync(double daysAgo, string title, string description, Severity severity, long itemId, int affected, int inspected, params NewAttachment[] files)
        {
            _clock.Now = now.AddDays(-daysAgo);
            var issue = await issues.RaiseAsync(customerEngineer, partnershipId, new NewQualityIssue(title, description, severity, itemId, null, null, null, affected, inspected), files, cancellationToken);
            return issue!.Id;
        }

        async Task DoAsync(long issueId, double daysAgo, params (EightDStep Step, string Details)[] steps)
        {
            foreach (var (step, details) in steps)
            {
                _clock.Now = now.AddDays(-daysAgo);
                var current = (await issues.GetAsync(quality, issueId, cancellationToken))!.Steps.Single(s => s.Step == step);
                await workflow.UpdateStepAsync(quality, partnershipId, issueId, step, new StepUpdate(userIds["quinn.quality@helix.example"], current.DueAt, details), cancellationToken);
                await workflow.CompleteStepAsync(quality, partnershipId, issueId, step, cancellationToken);
                daysAgo -= 0.5;
            }
        }

        var overdue = await RaiseAsync(1.6, $"Cracked housings on {choices.Items[0].Label.Split(" · ")[^1]}", "Incoming inspection found hairline cracks at the mounting boss on 6 of 40 parts.", Severity.Critical, item, 6, 40,
            new NewAttachment("incoming-inspection.csv", "text/csv", Encoding.UTF8.GetBytes("part,result,finding\n1-34,pass,\n35-40,fail,hairline crack at mounting boss\n")));
        await DoAsync(overdue, 1.5, (EightDStep.D1, "Quinn Harper (Helix quality), the customer engineer, Helix production lead."));

        _clock.Now = now.AddDays(-20);
        var (fromErp, _) = await issues.RaiseFromErpAsync(erp, new ErpQualityIssue($"demo-{customer.ErpClientId}-1", delivery.Label, 1,
            "Goods receipt: labels unreadable", "Lot labels smeared; traceability check failed at goods receipt.", Severity.Major, 5, 25), cancellationToken);
        await DoAsync(fromErp.Id, 19.5, (EightDStep.D1, "Helix quality and the customer's warehouse lead."), (EightDStep.D2, "Thermal labels smear when packed warm."),
            (EightDStep.D3, "Relabelled stock on hand; manual lot check at dispatch."), (EightDStep.D4, "Packing started before the labels' adhesive cured."));

        var awaiting = await RaiseAsync(55, "Surface finish out of specification", "Ra 1.2 µm measured against 0.8 µm on the drawing.", Severity.Minor, choices.Items[Math.Min(1, choices.Items.Count - 1)].Id, 12, 200);
        await DoAsync(awaiting, 54, (EightDStep.D1, "Quality and machining."), (EightDStep.D2, "Finish out of tolerance on the sealing face."), (EightDStep.D3, "100 % inspection of stock."),
            (EightDStep.D4, "Worn polishing pads."), (EightDStep.D5, "Pad change every 400 parts."), (EightDStep.D6, "Three lots at Ra 0.6 µm or better."));

        var rejected = await RaiseAsync(40, "Connector pins bent in transit", "Pins bent on 9 of 60 boards: packaging lets the boards move.", Severity.Major, choices.Items[Math.Min(2, choices.Items.Count - 1)].Id, 9, 60);
        await DoAsync(rejected, 39, (EightDStep.D1, "Quality and logistics."), (EightDStep.D2, "Boards shift in the tray."), (EightDStep.D3, "Inspect and straighten on receipt."),
            (EightDStep.D4, "Tray pockets too wide."), (EightDStep.D5, "Foam inserts in the trays."), (EightDStep.D6, "Two shipments without bent pins."));
        _clock.Now = now.AddDays(-30);
        await workflow.RejectVerificationAsync(customerEngineer, partnershipId, rejected, "The third shipment had bent pins again; the foam compresses.", cancellationToken);

        var closed = await RaiseAsync(90, "Wrong connector revision fitted", "Rev B connector fitted where the drawing asks for rev C.", Severity.Major, item, 20, 20);
        await DoAsync(closed, 89, (EightDStep.D1, "Quality, engineering."), (EightDStep.D2, "Old revision picked from stock."), (EightDStep.D3, "Stock of rev B quarantined."),
            (EightDStep.D4, "Two revisions shared one bin location."), (EightDStep.D5, "Rev B scrapped; bins split."), (EightDStep.D6, "Audit of five builds."));
        _clock.Now = now.AddDays(-80);
        await workflow.AcceptVerificationAsync(customerEngineer, partnershipId, closed, cancellationToken);
        await DoAsync(closed, 79, (EightDStep.D7, "Revision check added to the kitting scan."));
        _clock.Now = now.AddDays(-78);
        await workflow.CloseAsync(customerEngineer, partnershipId, closed, cancellationToken);

        async Task<CallerScope> ScopeAsync(long userId) =>
            await scopes.ForUserAsync(userId, cancellationToken) ?? throw new InvalidOperationException("A demo person is missing.");
    }

    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
