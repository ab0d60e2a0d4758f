using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Database;
using Portal.Data.Reviews;
using Portal.Data.Scorecards;
using Portal.Data.Tenancy;
using Portal.Web.Tests.Infrastructure;
using Portal.Web.Tests.Tenancy;
using UglyToad.PdfPig;

namespace Portal.Web.Tests.Pages;

/// <summary>Review meetings through the pages, on reviews each test schedules itself (the demo's reviews belong to the tenancy probes).</summary>
public sealed class ReviewPagesTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task A_review_runs_from_schedule_to_acknowledged_minutes_and_frozen_minutes_take_no_changes(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        using var lead = await WebSession.SignInAsync(portal, "alice.lead@helix.example");
        using var engineer = await WebSession.SignInAsync(portal, "nina.engineer@nordlab.example");
        using var customerLead = await WebSession.SignInAsync(portal, "leo.lead@nordlab.example");
        var title = $"Page review {Guid.NewGuid():N}";

        var (refused, reason, _) = await engineer.PostAsync($"/p/{a.PartnershipId}/reviews/new", Schedule(title, a));
        Assert.Equal(HttpStatusCode.Forbidden, refused);
        Assert.Contains("Only an account lead of either company schedules", reason);
        var review = await ScheduleAsync(lead, a, title);
        Assert.Equal(HttpStatusCode.Redirect, (await lead.PostAsync($"{review}?handler=Open", [])).Status);
        var item = await FirstItemAsync(portal, review);
        var (_, open, _) = await engineer.GetAsync(review);
        Assert.Contains("data-testid=\"save-notes\"", open);
        Assert.DoesNotContain("data-testid=\"close-review\"", open);
        Assert.Contains("Only an account lead", (await engineer.PostAsync($"{review}?handler=Close", [])).Body);

        Assert.Equal(HttpStatusCode.Redirect, (await engineer.PostAsync($"{review}?handler=Decision&itemId={item}", new() { ["decision"] = "Helix pays for the 100 % inspection." })).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await lead.PostAsync($"{review}?handler=Action", new()
        {
            ["Action.ItemId"] = $"{item}", ["Action.Title"] = "Send the 8D report to Nordlab", ["Action.OwnerUserId"] = $"{a.EngineerId}", ["Action.DueOn"] = "2030-01-15",
        })).Status);
        Assert.Contains("Choose the owner from the partnership&#x27;s people.", (await lead.PostAsync($"{review}?handler=Action", new()
        {
            ["Action.ItemId"] = $"{item}", ["Action.Title"] = "Owned by a stranger", ["Action.OwnerUserId"] = "999999", ["Action.DueOn"] = "2030-01-15",
        })).Body);
        Assert.Equal(HttpStatusCode.Redirect, (await lead.PostAsync($"{review}?handler=Close", [])).Status);

        var (_, frozen, _) = await engineer.GetAsync(review);
        Assert.Contains("data-testid=\"minutes\"", frozen);
        Assert.Contains("Helix pays for the 100 % inspection.", frozen);
        Assert.DoesNotContain("data-testid=\"save-notes\"", frozen);
        Assert.DoesNotContain("data-testid=\"record-decision\"", frozen);
        Assert.DoesNotContain("data-testid=\"acknowledge\"", frozen);
        Assert.Contains("The minutes are frozen", (await lead.PostAsync($"{review}?handler=Notes", new() { ["Notes.ItemId"] = $"{item}", ["Notes.Version"] = "0", ["Notes.Notes"] = "Rewritten" })).Body);
        Assert.Contains("The minutes are frozen", (await lead.PostAsync($"{review}?handler=Decision&itemId={item}", new() { ["decision"] = "Late" })).Body);
        Assert.Contains("Only the customer&#x27;s lead acknowledges the minutes.", (await engineer.PostAsync($"{review}?handler=Acknowledge", [])).Body);

        var (_, ownersWork, _) = await engineer.GetAsync("/my-work");
        Assert.Contains("Send the 8D report to Nordlab", ownersWork);
        Assert.Contains("data-testid=\"acknowledge\"", (await customerLead.GetAsync(review)).Body);
        Assert.Equal(HttpStatusCode.Redirect, (await customerLead.PostAsync($"{review}?handler=Acknowledge", [])).Status);
        Assert.Contains("data-testid=\"acknowledged\"", (await engineer.GetAsync(review)).Body);
        Assert.Equal(HttpStatusCode.Redirect, (await lead.PostAsync($"{review}?handler=Addendum", new() { ["addendum"] = "The report goes to Leo too." })).Status);
        var (_, trail, _) = await lead.GetAsync($"/p/{a.PartnershipId}/trail?entity=Review");
        Assert.Contains("Acknowledged", trail);
        Assert.Contains("AddendumAdded", trail);
    }

    [Theory, OnBothDatabases]
    public async Task An_action_items_address_leads_to_its_review_at_the_item(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        using var lead = await WebSession.SignInAsync(portal, "alice.lead@helix.example");

        var (status, _, location) = await lead.GetAsync($"/p/{a.PartnershipId}/action-items/{a.ActionItemId}");
        var (unknown, _, _) = await lead.GetAsync($"/p/{a.PartnershipId}/action-items/{long.MaxValue}");

        Assert.Equal((HttpStatusCode.Redirect, $"/p/{a.PartnershipId}/reviews/{a.ClosedReviewId}#action-{a.ActionItemId}"), (status, location));
        Assert.Equal(HttpStatusCode.NotFound, unknown);
    }

    [Theory, OnBothDatabases]
    public async Task Two_editors_saving_one_items_notes_see_each_others_text_instead_of_losing_it(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        using var alice = await WebSession.SignInAsync(portal, "alice.lead@helix.example");
        using var leo = await WebSession.SignInAsync(portal, "leo.lead@nordlab.example");
        var review = await ScheduleAsync(alice, a, $"Concurrent review {Guid.NewGuid():N}");
        await alice.PostAsync($"{review}?handler=Open", []);
        var item = await FirstItemAsync(portal, review);

        // Both pages were loaded at version 0; Alice saves first, then Leo.
        Assert.Equal(HttpStatusCode.Redirect, (await alice.PostAsync($"{review}?handler=Notes", Notes(item, 0, "Alice: volumes up by a tenth."))).Status);
        var (status, conflict, _) = await leo.PostAsync($"{review}?handler=Notes", Notes(item, 0, "Leo: volumes flat this year."));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Changed by Alice Lindqvist meanwhile: here is their text.", conflict);
        Assert.Contains("Alice: volumes up by a tenth.", conflict);
        Assert.Contains("Leo: volumes flat this year.", conflict);
        Assert.Contains("name=\"Notes.Version\" value=\"1\"", conflict);
        Assert.Equal("Alice: volumes up by a tenth.", await NotesAsync(portal, item));
        Assert.Equal(HttpStatusCode.Redirect, (await leo.PostAsync($"{review}?handler=Notes", Notes(item, 1, "Alice: up a tenth; Leo: flat."))).Status);
        Assert.Equal("Alice: up a tenth; Leo: flat.", await NotesAsync(portal, item));
    }

    [Theory, OnBothDatabases]
    public async Task The_minutes_pdf_holds_every_decision_and_action_item_and_the_calendar_file_keeps_its_uid(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        using var lead = await WebSession.SignInAsync(portal, "alice.lead@helix.example");
        using var outsider = await WebSession.SignInAsync(portal, "lara.lead@arcadia.example");
        var review = await ScheduleAsync(lead, a, $"PDF review {Guid.NewGuid():N}");
        var ics = await DownloadAsync(lead, $"{review}?handler=Calendar");
        Assert.Equal("text/calendar", ics.Content.Headers.ContentType!.MediaType);
        var calendar = await ics.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", calendar);
        Assert.Contains($"UID:review-{review.Split('/')[^1]}@localhost\r\n", calendar.Replace("\r\n ", "", StringComparison.Ordinal));
        Assert.Contains("SEQUENCE:0\r\n", calendar);
        Assert.Equal(HttpStatusCode.NotFound, (await DownloadAsync(lead, $"{review}?handler=Pdf")).StatusCode);

        await lead.PostAsync($"{review}?handler=Open", []);
        var item = await FirstItemAsync(portal, review);
        string[] decisions = ["Nordlab moves to monthly forecasts from March.", "Helix holds a buffer stock of 200 cuvette holders (Ø 12 mm)."];
        foreach (var decision in decisions)
        {
            await lead.PostAsync($"{review}?handler=Decision&itemId={item}", new() { ["decision"] = decision });
        }
        string[] actions = ["Send the March forecast", "Book the warehouse space for the buffer"];
        foreach (var action in actions)
        {
            await lead.PostAsync($"{review}?handler=Action", new() { ["Action.ItemId"] = $"{item}", ["Action.Title"] = action, ["Action.OwnerUserId"] = $"{a.LeadId}", ["Action.DueOn"] = "2030-02-01" });
        }
        await lead.PostAsync($"{review}?handler=Close", []);

        var response = await DownloadAsync(lead, $"{review}?handler=Pdf");
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

        Assert.Equal(("application/pdf", "nosniff"), (response.Content.Headers.ContentType!.MediaType!, string.Join("", response.Headers.GetValues("X-Content-Type-Options"))));
        using var pdf = PdfDocument.Open(bytes);
        var text = string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        Assert.All(decisions.Concat(actions), expected => Assert.Contains(expected, text));
        Assert.Contains("Leo Nyström (Nordlab Diagnostics)", text);
        // The scorecard copy frozen at close: the demo's latest month has red and amber metrics, each in the page and the PDF.
        var system = CallerScope.ForSystem("test", a.PartnershipId);
        var card = (await portal.Services.GetRequiredService<ReviewStore>().GetMeetingAsync(system, a.PartnershipId, long.Parse(review.Split('/')[^1]), TestContext.Current.CancellationToken))!
            .Minutes!.Scorecard!;
        Assert.Equal((await portal.Services.GetRequiredService<ScorecardStore>().GetAsync(system, a.PartnershipId, null, TestContext.Current.CancellationToken))!.Current.Snapshot.Month, card.Month);
        Assert.NotEmpty(card.Metrics);
        var (_, page, _) = await lead.GetAsync(review);
        Assert.Contains("data-testid=\"minutes-scorecard\"", page);
        Assert.Contains($"Scorecard discussed: {card.Month.ToString("MMMM yyyy", CultureInfo.InvariantCulture)} (revision {card.Revision})", text);
        Assert.All(card.Metrics, m =>
        {
            Assert.Contains($"{m.Label} (", text);
            Assert.Contains($"{card.Shown(m, m.Value)} against a target of {card.Shown(m, m.Target)}", text);
            Assert.Contains($"<td>{m.Label}</td>", page);
            Assert.Contains(card.Shown(m, m.Value), page);
        });
        Assert.Equal(HttpStatusCode.NotFound, (await DownloadAsync(outsider, $"{review}?handler=Pdf")).StatusCode);
    }

    [Theory, OnBothDatabases]
    public async Task A_lead_moves_a_scheduled_review_its_calendar_file_keeps_the_uid_with_the_next_sequence_and_bad_input_changes_nothing(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        using var lead = await WebSession.SignInAsync(portal, "alice.lead@helix.example");
        using var engineer = await WebSession.SignInAsync(portal, "nina.engineer@nordlab.example");
        var title = $"Moved review {Guid.NewGuid():N}";
        var review = await ScheduleAsync(lead, a, title);
        var id = long.Parse(review.Split('/')[^1]);
        Assert.Contains("data-testid=\"reschedule-form\"", (await lead.GetAsync(review)).Body);
        Assert.DoesNotContain("data-testid=\"reschedule-form\"", (await engineer.GetAsync(review)).Body);

        var (refused, reason, _) = await engineer.PostAsync($"{review}?handler=Reschedule", Move("2030-01-17T14:30"));
        Assert.Equal(HttpStatusCode.Forbidden, refused);
        Assert.Contains("Only an account lead of either company schedules", reason);
        var (past, pastPage, _) = await lead.PostAsync($"{review}?handler=Reschedule", Move("2020-01-17T14:30"));
        Assert.Equal(HttpStatusCode.OK, past);
        AssertFieldError(pastPage, "Reschedule.LocalStart", "Schedule the review in the future.");
        var (_, badPage, _) = await lead.PostAsync($"{review}?handler=Reschedule", Move("2030-01-17T14:30", zone: "Mars/Olympus", minutes: "5", video: "ftp://files.example/meet"));
        AssertFieldError(badPage, "Reschedule.TimeZone", "Choose a time zone from the list.");
        AssertFieldError(badPage, "Reschedule.DurationMinutes", "A review lasts between 15 minutes and 8 hours.");
        AssertFieldError(badPage, "Reschedule.VideoLink", "The video link must be an http(s) address.");
        Assert.Contains("value=\"ftp://files.example/meet\"", badPage);
        AssertFieldError((await lead.PostAsync($"{review}?handler=Reschedule", Move(""))).Body, "Reschedule.LocalStart", "Choose the date and time.");
        Assert.Equal((0, 0), (await SequenceAsync(portal, id), await NoticesAsync(portal, a.EngineerId, title)));

        var (moved, _, location) = await lead.PostAsync($"{review}?handler=Reschedule", Move("2030-01-17T14:30"));

        Assert.Equal((HttpStatusCode.Redirect, review), (moved, location));
        var calendar = (await (await DownloadAsync(lead, $"{review}?handler=Calendar")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Replace("\r\n ", "", StringComparison.Ordinal);
        Assert.Contains($"UID:review-{id}@localhost\r\n", calendar);
        Assert.Contains("SEQUENCE:1\r\n", calendar);
        Assert.Contains("DTSTART:20300117T143000Z\r\n", calendar);
        Assert.Contains("LOCATION:Lund\r\n", calendar);
        var (_, page, _) = await engineer.GetAsync(review);
        Assert.Contains(title, page);
        Assert.Contains("Nina Holm", page);
        Assert.Equal((1, 1), (await SequenceAsync(portal, id), await NoticesAsync(portal, a.EngineerId, title)));
    }

    private static Dictionary<string, string> Move(string start, string zone = "Europe/London", string minutes = "90", string video = "https://meet.example/moved") => new()
    {
        ["Reschedule.LocalStart"] = start, ["Reschedule.TimeZone"] = zone, ["Reschedule.DurationMinutes"] = minutes, ["Reschedule.Place"] = "Lund", ["Reschedule.VideoLink"] = video,
    };

    private static void AssertFieldError(string page, string field, string message) =>
        Assert.Matches($"data-valmsg-for=\"{Regex.Escape(field)}\"[^>]*>{Regex.Escape(message)}<", page);

    private static async Task<int> SequenceAsync(PortalFactory portal, long reviewId)
    {
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<int>("SELECT sequence FROM reviews WHERE id = @reviewId", new { reviewId });
    }

    private static async Task<int> NoticesAsync(PortalFactory portal, long userId, string reviewTitle)
    {
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM notifications WHERE user_id = @userId AND title = 'Review moved' AND body LIKE @Like",
            new { userId, Like = $"{reviewTitle}%" });
    }

    private static Dictionary<string, string> Schedule(string title, CustomerA a) => new()
    {
        ["Input.Title"] = title, ["Input.LocalStart"] = "2030-01-10T10:00", ["Input.TimeZone"] = "Europe/Stockholm", ["Input.DurationMinutes"] = "60",
        ["Input.Place"] = "Uppsala", ["Input.AttendeeIds"] = $"{a.EngineerId}", ["Input.ExtraItems"] = "Forecasts",
    };

    private static Dictionary<string, string> Notes(long item, int version, string text) => new() { ["Notes.ItemId"] = $"{item}", ["Notes.Version"] = $"{version}", ["Notes.Notes"] = text };

    private static async Task<string> ScheduleAsync(WebSession lead, CustomerA a, string title)
    {
        var (status, _, location) = await lead.PostAsync($"/p/{a.PartnershipId}/reviews/new", Schedule(title, a));
        Assert.Equal(HttpStatusCode.Redirect, status);
        return location!;
    }

    private static Task<HttpResponseMessage> DownloadAsync(WebSession session, string path) => session.GetResponseAsync(path);

    private static async Task<long> FirstItemAsync(PortalFactory portal, string review)
    {
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT id FROM review_agenda_items WHERE review_id = @Id ORDER BY position LIMIT 1", new { Id = long.Parse(review.Split('/')[^1]) });
    }

    private static async Task<string> NotesAsync(PortalFactory portal, long item)
    {
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<string>("SELECT notes FROM review_agenda_items WHERE id = @item", new { item }) ?? "";
    }
}
