using Microsoft.AspNetCore.Identity;
using Portal.Data.Tenancy;
using Portal.Data.Users;

namespace Portal.Web.Identity;

/// <summary>
/// Adds a person without a password and returns the link with which they choose one. The link is a
/// password-reset token: it is single-use (it dies with the security stamp) and expires after a week.
/// </summary>
public sealed class Invitations(UserStore users, UserManager<PortalUser> userManager)
{
    public sealed record Invitation(PortalUser User, string Link);

    public async Task<Invitation> InviteAsync(CallerScope scope, NewUser input, HttpRequest request, CancellationToken cancellationToken)
    {
        var user = await users.CreateAsync(scope, input, passwordHash: null, cancellationToken);
        var token = await userManager.GeneratePasswordResetTokenAsync(user);
        var link = $"{request.Scheme}://{request.Host}/account/accept-invite?userId={user.Id}&token={Uri.EscapeDataString(token)}";
        return new Invitation(user, link);
    }
}
