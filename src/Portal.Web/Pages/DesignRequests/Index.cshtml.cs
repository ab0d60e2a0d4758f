using Microsoft.AspNetCore.Mvc;
using Portal.Data;
using Portal.Data.Audit;
using Portal.Data.DesignRequests;
using Portal.Data.Partnerships;

namespace Portal.Web.Pages.DesignRequests;

/// <summary>The partnership's design requests, filtered by stage, owner and lateness, sorted and paged.</summary>
public sealed class IndexModel(DesignRequestStore designRequests, TimeProvider clock) : PartnershipPageModel
{
    [BindProperty(SupportsGet = true)] public DesignStage? Stage { get; set; }
    [BindProperty(SupportsGet = true)] public long? Owner { get; set; }
    [BindProperty(SupportsGet = true)] public bool Overdue { get; set; }
    [BindProperty(SupportsGet = true)] public DesignRequestSort Sort { get; set; }
    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;

    public Page<DesignRequest> Requests { get; private set; } = new([], 1, DesignRequestStore.PageSize, 0);

    public IReadOnlyList<PartnershipPerson> People { get; private set; } = [];

    public DateOnly Today { get; } = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public bool Filtered => Stage is not null || Owner is not null || Overdue;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        People = await designRequests.GetPeopleAsync(Scope, PartnershipId, cancellationToken);
        Requests = await designRequests.GetPageAsync(Scope, PartnershipId, new DesignRequestFilter(Stage, Owner, Overdue, Sort), PageNumber, cancellationToken);
    }
}
