using Portal.Data.Erp;
using Portal.Data.Partnerships;

namespace Portal.Web.Pages.Partnerships;

public sealed class DashboardModel(ErpRecordStore erp, PartnershipStore partnerships, TimeProvider clock) : PartnershipPageModel
{
    public ErpSummary Summary { get; private set; } = new();

    public IReadOnlyList<RecentDelivery> RecentDeliveries { get; private set; } = [];

    public IReadOnlyList<PartnershipMember> SupplierTeam { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Summary = await erp.GetSummaryAsync(Scope, PartnershipId, today, cancellationToken);
        RecentDeliveries = await erp.GetRecentDeliveriesAsync(Scope, PartnershipId, 10, cancellationToken);
        SupplierTeam = await partnerships.GetSupplierMembersAsync(Scope, PartnershipId, cancellationToken);
    }
}
