using Microsoft.AspNetCore.Mvc;
using Portal.Data.ChangeFeed;
using Portal.Data.Erp;
using Portal.Data.ErpClients;
using Portal.Data.Tenancy;

namespace Portal.Web.Pages.ErpConnections;

/// <summary>How one ERP connection's sync is going: last call, records per type by result, the last refused records. Same audience as the connections page.</summary>
public sealed class HealthModel(ErpSyncStore sync, FeedReadStore feedReads) : PartnershipPageModel
{
    public ErpSyncHealth Health { get; private set; } = null!;

    /// <summary>This connection's place in the change feed against the head.</summary>
    public FeedLagModel FeedLag { get; private set; } = new(0, []);

    public async Task<IActionResult> OnGetAsync(string clientId, CancellationToken cancellationToken)
    {
        if (!Scope.May(Permission.ManageErpConnections))
        {
            return Forbid();
        }
        var health = await sync.GetHealthAsync(Scope, PartnershipId, clientId, cancellationToken);
        if (health is null)
        {
            return NotFound();
        }
        Health = health;
        var lag = await FeedLagModel.LoadAsync(feedReads, Scope, PartnershipId, cancellationToken);
        FeedLag = lag with { Readers = lag.Readers.Where(r => r.ClientId == clientId).ToList() };
        return Page();
    }
}
