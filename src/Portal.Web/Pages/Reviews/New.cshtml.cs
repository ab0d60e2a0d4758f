using Microsoft.AspNetCore.Mvc;
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

    [Form(nameof(Input))]
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var review = await reviews.ScheduleAsync(Scope, PartnershipId, Input.ToSchedule(), cancellationToken);
        return review is null
            ? NotFound()
            : Done("Review scheduled; the attendees have been told. Download the calendar file from the review's page.", Redirect($"/p/{PartnershipId}/reviews/{review.Id}"));
    }

    public override async Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var people = await reviews.ListPeopleAsync(Scope, PartnershipId, cancellationToken);
        People = people ?? [];
        return people is not null;
    }
}
