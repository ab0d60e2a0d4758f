using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data;
using Portal.Data.Audit;
using Portal.Data.Loans;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Equipment;

/// <summary>The supplier's equipment register with search and paging. The folder's policy keeps customers out; the store checks again.</summary>
public sealed class IndexModel(CallerContext caller, EquipmentStore equipment) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }
    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;

    public Page<EquipmentItem> Items { get; private set; } = new([], 1, EquipmentStore.PageSize, 0);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Items = await equipment.SearchAsync(await caller.RequireAsync(cancellationToken), Search, PageNumber, cancellationToken);
}
