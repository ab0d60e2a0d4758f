using Microsoft.AspNetCore.Mvc;
using Portal.Data.Reviews;

namespace Portal.Web.Pages.Reviews;

/// <summary>The partnership's review meetings: the coming ones (scheduled or open) and the past ones (closed or cancelled), a page at a time.</summary>
public sealed class IndexModel(ReviewStore reviews) : PartnershipPageModel
{
    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;

    public ReviewList List { get; private set; } = null!;
    public bool IsLead => ReviewRules.IsLead(Scope);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var list = await reviews.ListAsync(Scope, PartnershipId, PageNumber, cancellationToken);
        if (list is null)
        {
            return NotFound();
        }
        List = list;
        return Page();
    }
}
