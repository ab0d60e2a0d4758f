using Hangfire.Dashboard;
using Portal.Data.Users;
using Portal.Web.Identity;

namespace Portal.Web.Jobs;

/// <summary>Only supplier admins see and drive the job dashboard.</summary>
public sealed class SupplierAdminDashboardFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var user = context.GetHttpContext().User;
        return user.Identity?.IsAuthenticated == true
            && user.IsInRole(nameof(PortalRole.Admin))
            && user.HasClaim(PortalClaimsFactory.Side, "supplier");
    }
}
