using Microsoft.AspNetCore.Mvc;
using Portal.Data;
using Portal.Data.Audit;

namespace Portal.Web.Pages.Partnerships;

/// <summary>The partnership's audit trail, newest first, filtered and paged.</summary>
public sealed class TrailModel(AuditStore audit) : PartnershipPageModel, ITrailView
{
    [BindProperty(SupportsGet = true)] public string? Entity { get; set; }
    [BindProperty(SupportsGet = true)] public string? ActionName { get; set; }
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;

    public Page<AuditEntry> Entries { get; private set; } = new([], 1, AuditStore.PageSize, 0);

    public IReadOnlyList<string> Entities { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (From is { } from && To is { } to && to < from)
        {
            ModelState.AddModelError(nameof(To), "The end date is before the start date.");
        }
        Entities = await audit.GetEntitiesForPartnershipAsync(Scope, PartnershipId, cancellationToken);
        if (ModelState.IsValid)
        {
            Entries = await audit.GetPageForPartnershipAsync(Scope, PartnershipId, new AuditFilter(Entity, ActionName, Actor, From, To), PageNumber, cancellationToken);
        }
    }
}
