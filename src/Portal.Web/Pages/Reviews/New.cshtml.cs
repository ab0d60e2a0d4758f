using Microsoft.AspNetCore.Mvc;
using Portal.Data.Database;
using Portal.Data.Partnerships;
using Portal.Data.Reviews;

namespace Portal.Web.Pages.Reviews;

/// <summary>A lead of either company schedules a review, choosing the attendees among the partnership's people, grouped by company.</summary>
public sealed class NewModel(ReviewStore reviews, TimeProvider clock) : PartnershipPageModel
{
    [BindProperty] public ReviewForm Input { get; set; } = new();

    public IReadOnlyList<PartnershipPerson> People { get; private set; } = [];
    public bool IsLead => ReviewRules.IsLead(Scope);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var nextWeek = clock.GetUtcNow().Date.AddDays(7);
        Input.LocalStart = nextWeek.AddHours(10);
        Input.AttendeeIds = [.. new[] { Partnership.SupplierLeadUserId, Partnership.CustomerLeadUserId }.OfType<long>()];
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            try
            {
                var review = await reviews.ScheduleAsync(Scope, PartnershipId, Input.ToSchedule(), cancellationToken);
                if (review is null)
                {
                    return NotFound();
                }
                TempData["Status"] = "Review scheduled; the attendees have been told. Download the calendar file from the review's page.";
                return Redirect($"/p/{PartnershipId}/reviews/{review.Id}");
            }
            catch (ValidationException e)
            {
                ModelState.AddErrors(e, nameof(Input));
            }
            catch (ScopeException)
            {
                return Forbid();
            }
        }
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var people = await reviews.ListPeopleAsync(Scope, PartnershipId, cancellationToken);
        People = people ?? [];
        return people is not null;
    }
}
