using Microsoft.AspNetCore.Mvc;
using Portal.Data;
using Portal.Data.Audit;
using Portal.Data.Notifications;
using Portal.Web.Identity;
using Portal.Web.Links;

namespace Portal.Web.Pages.Notifications;

/// <summary>The signed-in person's own notifications; the store only ever touches rows of that person.</summary>
public sealed class IndexModel(CallerContext caller, NotificationStore notifications) : PortalPageModel
{
    [BindProperty(SupportsGet = true)] public bool UnreadOnly { get; set; }
    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;

    public Page<Notification> Items { get; private set; } = new([], 1, NotificationStore.PageSize, 0);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var scope = await caller.RequireAsync(cancellationToken);
        Items = await notifications.GetPageAsync(scope.ActorId!.Value, UnreadOnly, PageNumber, cancellationToken);
    }

    /// <summary>Opening a notification marks it read and follows its link (only ever a path inside the portal).</summary>
    public async Task<IActionResult> OnPostOpenAsync(long id, CancellationToken cancellationToken)
    {
        var scope = await caller.RequireAsync(cancellationToken);
        var notification = await notifications.MarkReadAsync(scope.ActorId!.Value, id, cancellationToken);
        if (notification is null)
        {
            return NotFound();
        }
        if (notification.Target is { } target && EntityLinks.For(notification.PartnershipId, target.Entity, target.EntityId) is { } page)
        {
            // A role changed since it was sent may no longer open the page: back to the list rather than to a refusal.
            return page.OpensFor(scope) ? RedirectToPage(page.Page, page.RouteValues) : RedirectToPage();
        }
        // Rows from before migration 0017 carry a path instead of a target.
        return LocalRedirect(notification.Link is { } link && link.StartsWith('/') && !link.StartsWith("//", StringComparison.Ordinal) ? link : "/notifications");
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken cancellationToken)
    {
        var scope = await caller.RequireAsync(cancellationToken);
        var count = await notifications.MarkAllReadAsync(scope.ActorId!.Value, cancellationToken);
        TempData["Status"] = count == 1 ? "1 notification marked read." : $"{count} notifications marked read.";
        return RedirectToPage();
    }
}
