using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Data.Users;

namespace Portal.Web.Identity;

/// <summary>
/// Identity's sign-in, with deactivated people refused however correct their password, every sign-in backed by a
/// server-side session (see <see cref="ServerSessions"/>) that sign-out ends, and the same work for every password
/// attempt: Identity answers at once for an unknown address, a locked or deactivated account or one whose invitation
/// was not accepted yet, but hashes for a real one, and the difference (~11 ms against ~167 ms) told which addresses
/// have accounts. Here every attempt verifies one password hash.
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
    // Verified against when there is no real hash to verify against; made once, with the configured hasher and its cost.
    private static string? _standInHash;

    public override async Task<bool> CanSignInAsync(PortalUser user) => user.IsActive && await base.CanSignInAsync(user);

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            VerifyInVain(password);
            return SignInResult.Failed;
        }
        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    public override async Task<SignInResult> CheckPasswordSignInAsync(PortalUser user, string password, bool lockoutOnFailure)
    {
        // Identity returns before hashing for these; the answer stays Identity's, only the time is made equal.
        if (user.PasswordHash is null || !await CanSignInAsync(user) || await UserManager.IsLockedOutAsync(user))
        {
            VerifyInVain(password);
        }
        return await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
    }

    private void VerifyInVain(string password)
    {
        var standIn = new PortalUser();
        _standInHash ??= UserManager.PasswordHasher.HashPassword(standIn, Guid.NewGuid().ToString("N"));
        UserManager.PasswordHasher.VerifyHashedPassword(standIn, _standInHash, password);
    }

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
