using Microsoft.AspNetCore.Mvc;
using Portal.Data.Reviews;

namespace Portal.Web.Pages.Reviews;

/// <summary>An action item's own address (notifications, agendas and the trail link to it): the review it was agreed in, at the item.</summary>
public sealed class ActionItemModel(ActionItemStore actionItems) : PartnershipPageModel
{
    [BindProperty(SupportsGet = true)] public long ActionItemId { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await actionItems.GetAsync(Scope, PartnershipId, ActionItemId, cancellationToken) is { } item
            ? RedirectToPage("/Reviews/Details", null, new { partnershipId = PartnershipId, reviewId = item.ReviewId }, $"action-{item.Id}")
            : NotFound();
}
