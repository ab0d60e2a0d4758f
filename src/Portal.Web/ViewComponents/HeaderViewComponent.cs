using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Portal.Data;
using Portal.Data.Audit;
using Portal.Data.ErpClients;
using Portal.Data.Tenancy;
using Portal.Data.Notifications;
using Portal.Data.Partnerships;
using Portal.Data.Users;
using Portal.Web.Identity;

namespace Portal.Web.ViewComponents;

/// <summary>The header's live parts: the partnership switcher, the current partnership's navigation and the unread count.</summary>
public sealed class HeaderViewComponent(CallerContext caller, PartnershipStore partnerships, NotificationStore notifications) : ViewComponent
{
    public sealed record Model(Page<Partnership> Partnerships, Partnership? Current, int Unread, string Name, string Role, string Organisation, bool IsSupplier, bool IsAdmin, bool ManagesPeople, bool ManagesConnections, bool SeesPortfolio);

    public async Task<IViewComponentResult> InvokeAsync()
    {
        var scope = await caller.GetAsync();
        if (scope?.ActorId is null)
        {
            return Content(string.Empty);
        }
        // The switcher lists the first page by name, not every partnership: a supplier has hundreds, on every page.
        var visible = await partnerships.GetVisiblePageAsync(scope, 1);
        var routeId = ViewContext.RouteData.Values.TryGetValue("partnershipId", out var raw) && long.TryParse(Convert.ToString(raw, CultureInfo.InvariantCulture), out var id) ? id : (long?)null;
        var current = visible.Items.FirstOrDefault(p => p.Id == routeId)
            ?? (routeId is { } other ? await partnerships.GetAsync(scope, other) : null)
            ?? (visible.Total == 1 ? visible.Items[0] : null);
        var user = HttpContext.User;
        return View(new Model(
            visible,
            current,
            await notifications.CountUnreadAsync(scope.ActorId.Value),
            scope.ActorName,
            scope.Role?.Label() ?? "",
            user.FindFirst(PortalClaimsFactory.Organisation)?.Value ?? "",
            scope.IsSupplier,
            scope.IsAdmin,
            scope.IsAdmin || scope.Role == PortalRole.CustomerLead,
            scope.May(Permission.ManageErpConnections),
            Pages.Portfolio.IndexModel.MaySee(scope)));
    }
}
