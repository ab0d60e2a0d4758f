using Portal.Data.Changes;
using Portal.Data.Credit;
using Portal.Data.Database;
using Portal.Data.Notifications;
using Portal.Data.Reviews;
using Portal.Data.Reviews.Agenda;
using Portal.Data.Scorecards;
using Portal.Data.Tenancy;

namespace Portal.Web.Seed;

/// <summary>
/// Each customer's review history: a review ten weeks ago (closed, acknowledged), one five weeks ago (closed, corrected
/// by an addendum, not acknowledged yet) and one scheduled for next week whose agenda preview draws on every source.
/// Action items are in every state: done, dropped with a reason, open, and one open since the first review, carried into
/// the second and, when next week's opens, a second time. The stores run on a clock set back to each act.
/// </summary>
public sealed class DemoReviews(PortalDatabase database, ScopeStore scopes, DateTimeOffset now)
{
    private readonly SettableClock _clock = new() { Now = now };

    public async Task SeedAsync(long partnershipId, DemoData.DemoCustomer customer, IReadOnlyDictionary<string, long> userIds, CancellationToken cancellationToken)
    {
        var changes = ChangeRecorder.On(database, _clock);
        var notifications = new NotificationStore(database, _clock);
        var credit = new CreditStore(database, changes, _clock);
        var scorecards = new ScorecardStore(database);
        var agenda = new AgendaBuilder([new HealthAgendaSource(new HealthAlertStore(database, changes, _clock), scorecards), new GuaranteeAgendaSource(database), new QualityAgendaSource(database), new DesignAgendaSource(database),
            new CreditAgendaSource(credit), new LoanAgendaSource(database), new ActionItemAgendaSource(database)]);
        var reviews = new ReviewStore(database, agenda, scorecards, changes, _clock);
        var meetings = new MeetingStore(database, changes, _clock);
        var actions = new ActionItemStore(database, changes, notifications, _clock);

        var domain = customer.Domain;
        var supplierLeadId = userIds[customer == DemoData.Nordlab ? "alice.lead@helix.example" : "bruno.lead@helix.example"];
        var customerLeadId = userIds[DemoData.Users.Single(u => u.Role == Data.Users.PortalRole.CustomerLead && u.Organisation == customer.Name).Email];
        var engineerId = userIds[DemoData.Users.Single(u => u.Role == Data.Users.PortalRole.CustomerEngineer && u.Organisation == customer.Name).Email];
        var lead = await ScopeAsync(supplierLeadId);
        var customerLead = await ScopeAsync(customerLeadId);
        var engineer = await ScopeAsync(engineerId);
        var zone = customer == DemoData.Nordlab ? "Europe/Stockholm" : "America/New_York";
        var place = customer == DemoData.Nordlab ? "Nordlab, Uppsala, room Linné" : "Arcadia, Boston, board room";
        long[] attendees = [supplierLeadId, userIds["quinn.quality@helix.example"], customerLeadId, engineerId];
        ReviewSchedule Plan(string title, int daysFromNow, params string[] extra) =>
            new(title, now.UtcDateTime.Date.AddDays(daysFromNow).AddHours(10), zone, 90, place, $"https://meet.example/{domain}-review", attendees, extra);

        // Ten weeks ago: closed and acknowledged.
        _clock.Now = now.AddDays(-80);
        var first = (await reviews.ScheduleAsync(lead, partnershipId, Plan("Quarterly partnership review", -70, "What would we do if we were one company?"), cancellationToken))!;
        _clock.Now = now.AddDays(-70).AddHours(9);
        await reviews.OpenAsync(lead, partnershipId, first.Id, cancellationToken);
        var firstAgenda = (await reviews.GetMeetingAsync(lead, partnershipId, first.Id, cancellationToken))!.Agenda;
        var opening = firstAgenda[0];
        await meetings.SaveNotesAsync(customerLead, partnershipId, first.Id, opening.Id, opening.Version,
            "Both sides want fewer surprises: forecasts shared monthly, quality issues discussed before they are late.", cancellationToken);
        await meetings.AddDecisionAsync(lead, partnershipId, first.Id, opening.Id, "Forecasts are shared monthly from next quarter.", cancellationToken);
        await meetings.AddDecisionAsync(customerLead, partnershipId, first.Id, opening.Id, "A joint quality call every second week until the open issues are closed.", cancellationToken);
        var carried = (await actions.AddAsync(lead, partnershipId, first.Id, opening.Id,
            new NewActionItem("Share the 12-month volume forecast", customerLeadId, DateOnly.FromDateTime(now.AddDays(-60).UtcDateTime), null), cancellationToken))!;
        var done = (await actions.AddAsync(customerLead, partnershipId, first.Id, opening.Id,
            new NewActionItem("Send the containment report for the open critical issue", supplierLeadId, DateOnly.FromDateTime(now.AddDays(-63).UtcDateTime), $"/p/{partnershipId}/quality"), cancellationToken))!;
        var dropped = (await actions.AddAsync(lead, partnershipId, first.Id, opening.Id,
            new NewActionItem("Evaluate a second source for the optical parts", engineerId, DateOnly.FromDateTime(now.AddDays(-50).UtcDateTime), null), cancellationToken))!;
        _clock.Now = _clock.Now.AddHours(1.5);
        await reviews.CloseAsync(lead, partnershipId, first.Id, cancellationToken);
        _clock.Now = now.AddDays(-68);
        await reviews.AcknowledgeAsync(customerLead, partnershipId, first.Id, cancellationToken);
        _clock.Now = now.AddDays(-64);
        await actions.CompleteAsync(lead, partnershipId, done.Id, cancellationToken);
        _clock.Now = now.AddDays(-55);
        await actions.DropAsync(engineer, partnershipId, dropped.Id, "Helix now stocks the parts locally; a second source is not needed.", cancellationToken);

        // Five weeks ago: the forecast is carried once; closed, then corrected by an addendum.
        _clock.Now = now.AddDays(-45);
        var second = (await reviews.ScheduleAsync(customerLead, partnershipId, Plan("Monthly partnership review", -35), cancellationToken))!;
        _clock.Now = now.AddDays(-35).AddHours(9);
        await reviews.OpenAsync(lead, partnershipId, second.Id, cancellationToken);
        var secondAgenda = (await reviews.GetMeetingAsync(lead, partnershipId, second.Id, cancellationToken))!.Agenda;
        var carriedItem = secondAgenda.First(i => i.SourceKind == AgendaSourceKind.ActionItem && i.SourceId == carried.Id);
        await meetings.SaveNotesAsync(lead, partnershipId, second.Id, carriedItem.Id, carriedItem.Version, "The forecast waits for the customer's annual budget.", cancellationToken);
        var topic = secondAgenda.FirstOrDefault(i => i.SourceKind is AgendaSourceKind.Loan or AgendaSourceKind.Credit) ?? secondAgenda[0];
        await meetings.AddDecisionAsync(lead, partnershipId, second.Id, topic.Id, "Agreed to settle this before the next review.", cancellationToken);
        await actions.AddAsync(lead, partnershipId, second.Id, topic.Id,
            new NewActionItem("Confirm the dates with the other side", engineerId, DateOnly.FromDateTime(now.AddDays(2).UtcDateTime), null), cancellationToken);
        await actions.AddAsync(customerLead, partnershipId, second.Id, topic.Id,
            new NewActionItem("Propose the next quarter's terms", supplierLeadId, DateOnly.FromDateTime(now.AddDays(10).UtcDateTime), null), cancellationToken);
        _clock.Now = _clock.Now.AddHours(1.5);
        await reviews.CloseAsync(lead, partnershipId, second.Id, cancellationToken);
        _clock.Now = now.AddDays(-33);
        await reviews.AddAddendumAsync(lead, partnershipId, second.Id, "Correction: the forecast is due from the customer's lead, not the engineer.", cancellationToken);

        // Next week's review: scheduled now, its agenda previewed from today's data.
        _clock.Now = now;
        await reviews.ScheduleAsync(lead, partnershipId, Plan("Quarterly partnership review", 7, "What would we do if we were one company?"), cancellationToken);
    }

    private async Task<CallerScope> ScopeAsync(long userId) =>
        await scopes.ForUserAsync(userId) ?? throw new InvalidOperationException($"Demo user {userId} has no scope.");

    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
