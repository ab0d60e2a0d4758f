using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Data.Users;

namespace Portal.Web.Identity;

/// <summary>Claims in the sign-in cookie. Only for display and coarse page policies: data access uses the scope from the database.</summary>
public sealed class PortalClaimsFactory(UserManager<PortalUser> userManager, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PortalUser>(userManager, options)
{
    public const string DisplayName = "portal:name";
    public const string Organisation = "portal:org";
    public const string Side = "portal:side";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ClaimTypes.Role, user.Role.ToString()));
        identity.AddClaim(new Claim(DisplayName, user.DisplayName));
        identity.AddClaim(new Claim(Organisation, user.OrganisationName));
        identity.AddClaim(new Claim(Side, user.IsSupplierStaff ? "supplier" : "customer"));
        return identity;
    }
}

public static class PortalPolicies
{
    public const string SupplierAdmin = "SupplierAdmin";
    public const string PeopleManager = "PeopleManager";

    /// <summary>Any of the supplier's own people: the equipment register is theirs.</summary>
    public const string SupplierStaff = "SupplierStaff";
}
