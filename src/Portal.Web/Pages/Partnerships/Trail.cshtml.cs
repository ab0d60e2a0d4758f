using Microsoft.AspNetCore.Mvc;
using Portal.Data.Audit;
using Portal.Web.Trail;

namespace Portal.Web.Pages.Partnerships;

/// <summary>The partnership's audit trail, newest first, filtered and paged, told as sentences.</summary>
public sealed class TrailModel(AuditStore audit) : PartnershipPageModel
{
    [BindProperty(SupportsGet = true)] public TrailQuery Query { get; set; } = new();
    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;

    public TrailView Trail { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Trail = await TrailView.LoadAsync(ModelState, Query, PageNumber, Scope,
            () => audit.GetEntitiesForPartnershipAsync(Scope, PartnershipId, cancellationToken),
            (filter, page) => audit.GetPageForPartnershipAsync(Scope, PartnershipId, filter, page, cancellationToken));
}
