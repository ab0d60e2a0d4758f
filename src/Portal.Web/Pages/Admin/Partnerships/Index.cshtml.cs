using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data;
using Portal.Data.Audit;
using Portal.Data.Partnerships;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Admin.Partnerships;

public sealed class IndexModel(CallerContext caller, PartnershipStore partnerships) : PageModel
{
    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;

    public Page<Partnership> Partnerships { get; private set; } = new([], 1, PartnershipStore.PageSize, 0);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Partnerships = await partnerships.GetVisiblePageAsync(await caller.RequireAsync(cancellationToken), PageNumber, cancellationToken);
}
