using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Data.Users;

namespace Portal.Web.Identity;

/// <summary>
/// Identity's sign-in, with deactivated people refused however correct their password, and every sign-in backed by a
/// server-side session (see <see cref="ServerSessions"/>) that sign-out ends.
/// </summary>
public sealed class PortalSignInManager(
    UserManager<PortalUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<PortalUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<PortalUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PortalUser> confirmation,
    SessionStore sessions)
    : SignInManager<PortalUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(PortalUser user) => user.IsActive && await base.CanSignInAsync(user);

    /// <summary>
    /// Every way in (password, two-factor, invitation) ends here. A refresh of the cookie (two-factor turned on or off)
    /// passes the current cookie's properties, and keeps its session; anything else starts a new one.
    /// </summary>
    public override async Task SignInWithClaimsAsync(PortalUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        authenticationProperties ??= new AuthenticationProperties();
        if (ServerSessions.IdOf(authenticationProperties) is null)
        {
            ServerSessions.Name(authenticationProperties, await sessions.StartAsync(user.Id, IdentityServices.SessionLifetime, Context.RequestAborted));
        }
        await base.SignInWithClaimsAsync(user, authenticationProperties, additionalClaims);
    }

    public override async Task SignOutAsync()
    {
        if (ServerSessions.CurrentId(Context) is { } id)
        {
            await sessions.EndAsync(id, CancellationToken.None);
        }
        await base.SignOutAsync();
    }
}
