using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data;
using Portal.Data.Audit;
using Portal.Data.Partnerships;
using Portal.Web.Identity;

namespace Portal.Web.Pages;

/// <summary>The landing page: straight to the dashboard when the caller has one partnership, a chooser a page at a time otherwise.</summary>
public sealed class IndexModel(CallerContext caller, PartnershipStore partnerships) : PageModel
{
    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;

    public Page<Partnership> Partnerships { get; private set; } = new([], 1, PartnershipStore.PageSize, 0);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var scope = await caller.RequireAsync(cancellationToken);
        Partnerships = await partnerships.GetVisiblePageAsync(scope, PageNumber, cancellationToken);
        return Partnerships is { Total: 1, Items: [var only] } && !scope.IsAdmin ? Redirect($"/p/{only.Id}") : Page();
    }
}
