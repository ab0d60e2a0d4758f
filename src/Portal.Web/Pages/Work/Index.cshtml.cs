using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data.Work;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Work;

/// <summary>What waits for the signed-in person, across every partnership they can see.</summary>
public sealed class IndexModel(CallerContext caller, WorkStore work, TimeProvider clock) : PageModel
{
    public IReadOnlyList<WorkItem> Items { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public bool ShowPartnership { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var scope = await caller.RequireAsync(cancellationToken);
        Now = clock.GetUtcNow();
        Items = await work.GetForAsync(scope, cancellationToken);
        ShowPartnership = scope.PartnershipIds.Count > 1;
    }
}
