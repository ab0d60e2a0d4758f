using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data.Partnerships;
using Portal.Web.Identity;

namespace Portal.Web.Pages;

/// <summary>The landing page: straight to the dashboard when the caller has one partnership, a chooser otherwise.</summary>
public sealed class IndexModel(CallerContext caller, PartnershipStore partnerships) : PageModel
{
    public IReadOnlyList<Partnership> Partnerships { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var scope = await caller.RequireAsync(cancellationToken);
        Partnerships = await partnerships.GetVisibleAsync(scope, cancellationToken);
        return Partnerships.Count == 1 && !scope.IsAdmin ? Redirect($"/p/{Partnerships[0].Id}") : Page();
    }
}
