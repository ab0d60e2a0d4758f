using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data.Tenancy;
using Portal.Data.Work;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Work;

/// <summary>What waits for the signed-in person, across every partnership they can see, a page at a time.</summary>
public sealed class IndexModel(CallerContext caller, WorkStore work, DigestStore digests, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;

    public MyWork Work { get; private set; } = new(new([], 1, WorkStore.PageSize, 0), 0, new Dictionary<WorkKind, long>());

    public DateTimeOffset Now { get; private set; }

    public bool ShowPartnership { get; private set; }

    public CallerScope Viewer { get; private set; } = null!;

    /// <summary>The latest daily digest of what falls due in the next seven days; null before the job first ran.</summary>
    public WorkDigest? Digest { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var scope = await caller.RequireAsync(cancellationToken);
        Viewer = scope;
        Now = clock.GetUtcNow();
        Work = await work.GetPageAsync(scope, PageNumber, cancellationToken);
        ShowPartnership = scope.PartnershipIds.Count > 1;
        Digest = scope.ActorId is { } userId ? await digests.GetLatestAsync(userId, cancellationToken) : null;
    }
}
