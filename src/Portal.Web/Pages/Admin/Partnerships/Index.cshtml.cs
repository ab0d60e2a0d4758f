using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data.Partnerships;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Admin.Partnerships;

public sealed class IndexModel(CallerContext caller, PartnershipStore partnerships) : PageModel
{
    public IReadOnlyList<Partnership> Partnerships { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Partnerships = await partnerships.GetVisibleAsync(await caller.RequireAsync(cancellationToken), cancellationToken);
}
