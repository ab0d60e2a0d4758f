using System.Text;
using Microsoft.AspNetCore.Mvc;
using Portal.Data.Partnerships;
using Portal.Data.Reviews;
using Portal.Web.Hosting;
using Portal.Web.Pdf;

namespace Portal.Web.Pages.Reviews;

/// <summary>
/// One review: before it, the plan and the calendar file; during it, the agenda with notes, decisions and action items per
/// item; after it, the frozen minutes (print, PDF), addenda, the live state of its action items and the customer lead's
/// acknowledgement. The page offers only what the store would accept from the caller; the store decides.
/// </summary>
public sealed class DetailsModel(ReviewStore reviews, MeetingStore meetings, ActionItemStore actionItems, PublicAddress address, TimeProvider clock) : PartnershipPageModel
{
    [BindProperty(SupportsGet = true)] public long ReviewId { get; set; }
    [BindProperty] public NotesForm Notes { get; set; } = new();
    [BindProperty] public ActionItemForm Action { get; set; } = new();

    public ReviewMeeting Meeting { get; private set; } = null!;
    public IReadOnlyList<PartnershipPerson> People { get; private set; } = [];
    public IReadOnlyList<Portal.Data.Reviews.Agenda.AgendaCandidate> Preview { get; private set; } = [];
    public NotesConflict? Conflict { get; private set; }
    public DateOnly Today { get; private set; }

    /// <summary>The form to move a scheduled review: what was posted when shown again, else when and where it meets now.</summary>
    public ReviewForm Reschedule { get; private set; } = new();

    public Review Review => Meeting.Review;
    public bool IsLead => ReviewRules.IsLead(Scope);
    public bool MayRecord => ReviewRules.WhyNotRecord(Scope, Meeting.Attendees.Any(a => a.UserId == Scope.ActorId)) is null && Review.State == ReviewState.Open;
    public bool MayAcknowledge => ReviewRules.WhyNotAcknowledge(Scope) is null && Review.State == ReviewState.Closed && Review.AcknowledgedAt is null;
    public bool MaySettle(ActionItem item) => item.State == ActionItemState.Open && ReviewRules.WhyNotSettle(Scope, item.OwnerUserId) is null;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    /// <summary>The calendar file: one event, the review's stable UID, its current SEQUENCE.</summary>
    public async Task<IActionResult> OnGetCalendarAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }
        var text = ReviewCalendar.Event(Review, Meeting.Attendees, address.BaseUri.Host, address.Link($"p/{PartnershipId}/reviews/{ReviewId}"), clock.GetUtcNow());
        Response.Headers.XContentTypeOptions = "nosniff";
        return File(Encoding.UTF8.GetBytes(text), "text/calendar; charset=utf-8", $"review-{ReviewId}.ics");
    }

    /// <summary>The frozen minutes as a PDF; there is none before the review closes.</summary>
    public async Task<IActionResult> OnGetPdfAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken) || Meeting.Minutes is not { } minutes)
        {
            return NotFound();
        }
        Response.Headers.XContentTypeOptions = "nosniff";
        Response.Headers.CacheControl = "no-store";
        return File(MinutesPdf.Render(Review, minutes, Meeting.Addenda, Partnership.Name, Partnership.SupplierName, Partnership.CustomerName), "application/pdf", $"review-{ReviewId}-minutes.pdf");
    }

    public Task<IActionResult> OnPostOpenAsync(CancellationToken cancellationToken) =>
        ActAsync(() => reviews.OpenAsync(Scope, PartnershipId, ReviewId, cancellationToken), "Review opened: the agenda was generated from the partnership's data.");

    /// <summary>Moves a scheduled review; its title and attendees stay, its calendar file keeps the UID with the next SEQUENCE.</summary>
    [Form(nameof(Reschedule))]
    public async Task<IActionResult> OnPostRescheduleAsync([Bind(Prefix = nameof(Reschedule))] ReviewForm reschedule, CancellationToken cancellationToken)
    {
        var meeting = await reviews.GetMeetingAsync(Scope, PartnershipId, ReviewId, cancellationToken);
        return meeting is null
            ? NotFound()
            : await ActAsync(() => reviews.RescheduleAsync(Scope, PartnershipId, ReviewId, reschedule.ToReschedule(meeting), cancellationToken),
                "Review moved; the attendees have been told. Their calendar file updates the same event.");
    }

    public Task<IActionResult> OnPostCancelAsync(string? reason, CancellationToken cancellationToken) =>
        ActAsync(() => reviews.CancelAsync(Scope, PartnershipId, ReviewId, reason ?? "", cancellationToken), "Review cancelled; the attendees have been told.");

    public Task<IActionResult> OnPostCloseAsync(CancellationToken cancellationToken) =>
        ActAsync(() => reviews.CloseAsync(Scope, PartnershipId, ReviewId, cancellationToken), "Review closed: the minutes are frozen.");

    public Task<IActionResult> OnPostAddendumAsync(string? addendum, CancellationToken cancellationToken) =>
        ActAsync(() => reviews.AddAddendumAsync(Scope, PartnershipId, ReviewId, addendum ?? "", cancellationToken), "Addendum added to the minutes.");

    public Task<IActionResult> OnPostAcknowledgeAsync(CancellationToken cancellationToken) =>
        ActAsync(() => reviews.AcknowledgeAsync(Scope, PartnershipId, ReviewId, cancellationToken), "Minutes acknowledged.");

    public Task<IActionResult> OnPostAddItemAsync(string? title, string? detail, CancellationToken cancellationToken) =>
        ActAsync(() => meetings.AddItemAsync(Scope, PartnershipId, ReviewId, title ?? "", detail ?? "", cancellationToken), "Item added to the agenda.");

    public Task<IActionResult> OnPostMoveAsync(long itemId, bool up, CancellationToken cancellationToken) =>
        ActAsync(() => meetings.MoveItemAsync(Scope, PartnershipId, ReviewId, itemId, up, cancellationToken), null, itemId);

    public Task<IActionResult> OnPostSkipAsync(long itemId, string? skipReason, CancellationToken cancellationToken) =>
        ActAsync(() => meetings.SkipItemAsync(Scope, PartnershipId, ReviewId, itemId, skipReason, cancellationToken),
            string.IsNullOrWhiteSpace(skipReason) ? "Item back on the agenda." : "Item skipped.", itemId);

    public Task<IActionResult> OnPostDecisionAsync(long itemId, string? decision, CancellationToken cancellationToken) =>
        ActAsync(() => meetings.AddDecisionAsync(Scope, PartnershipId, ReviewId, itemId, decision ?? "", cancellationToken), "Decision recorded.", itemId);

    public async Task<IActionResult> OnPostNotesAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ActAsync(() => meetings.SaveNotesAsync(Scope, PartnershipId, ReviewId, Notes.ItemId, Notes.Version, Notes.Notes ?? "", cancellationToken),
                "Notes saved.", Notes.ItemId);
        }
        catch (EditConflictException e)
        {
            // The page shows the conflict beside the item; nothing was saved.
            Conflict = new NotesConflict(Notes.ItemId, e.ChangedBy, e.TheirText, Notes.Notes ?? "", e.CurrentVersion);
            return await LoadAsync(cancellationToken) ? Page() : NotFound();
        }
    }

    [Form(nameof(Action))]
    public Task<IActionResult> OnPostActionAsync(CancellationToken cancellationToken) =>
        ActAsync(() => actionItems.AddAsync(Scope, PartnershipId, ReviewId, Action.ItemId, new NewActionItem(Action.Title ?? "", Action.OwnerUserId ?? 0, Action.DueOn, Action.Link), cancellationToken),
            "Action item recorded; its owner has been told.", Action.ItemId);

    public Task<IActionResult> OnPostDoneAsync(long actionItemId, CancellationToken cancellationToken) =>
        ActAsync(() => actionItems.CompleteAsync(Scope, PartnershipId, actionItemId, cancellationToken), "Action item done.");

    public Task<IActionResult> OnPostDropAsync(long actionItemId, string? dropReason, CancellationToken cancellationToken) =>
        ActAsync(() => actionItems.DropAsync(Scope, PartnershipId, actionItemId, dropReason ?? "", cancellationToken), "Action item dropped.");

    /// <summary>
    /// Runs one act: not found stays not found; success goes back to the page (at the item's card when there is one). A
    /// rule's refusal (the other side's act, frozen minutes) or a field error is shown on the page by the page action filter.
    /// </summary>
    private async Task<IActionResult> ActAsync<T>(Func<Task<T?>> act, string? status, long? itemId = null)
        where T : class
    {
        if (await act() is null)
        {
            return NotFound();
        }
        if (status is not null)
        {
            TempData["Status"] = status;
        }
        return Redirect($"/p/{PartnershipId}/reviews/{ReviewId}{(itemId is { } id ? $"#item-{id}" : "")}");
    }

    public override async Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var meeting = await reviews.GetMeetingAsync(Scope, PartnershipId, ReviewId, cancellationToken);
        if (meeting is null)
        {
            return false;
        }
        Meeting = meeting;
        if (meeting.Review.State == ReviewState.Open)
        {
            People = await reviews.ListPeopleAsync(Scope, PartnershipId, cancellationToken) ?? [];
        }
        else if (meeting.Review.State == ReviewState.Scheduled)
        {
            Reschedule = Posted?.Handler == "Reschedule" && Posted.Arguments.TryGetValue("reschedule", out var posted) && posted is ReviewForm form
                ? form
                : ReviewForm.Moving(meeting.Review);
            Preview = await reviews.PreviewAgendaAsync(Scope, PartnershipId, ReviewId, cancellationToken) ?? [];
        }
        return true;
    }
}
