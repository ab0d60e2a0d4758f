using Microsoft.AspNetCore.Identity;
using Portal.Data.Database;
using Portal.Data.Tenancy;
using Portal.Data.Users;
using Portal.Web.Hosting;

namespace Portal.Web.Identity;

/// <summary>
/// Adds a person without a password and returns the link with which they choose one. The link is a
/// password-reset token: it is single-use (it dies with the security stamp) and expires after a week. It is built
/// from the configured public address, never from the request (see <see cref="PublicAddress"/>).
/// </summary>
/// <remarks>
/// An address that already has an account is told only to those who can see that account anyway: a supplier admin
/// (who manages everyone) and a customer lead for their own company's people. A customer lead who invites an address
/// with an account elsewhere (another customer, the supplier) gets the answer of a successful invitation, with a link
/// that cannot be used; the person, who has an account, signs in with it instead.
/// </remarks>
public sealed class Invitations(UserStore users, UserManager<PortalUser> userManager, PublicAddress publicAddress, ILogger<Invitations> logger)
{
    public sealed record Invitation(PortalUser User, string Link);

    public async Task<Invitation> InviteAsync(CallerScope scope, NewUser input, CancellationToken cancellationToken)
    {
        PortalUser user;
        try
        {
            user = await users.CreateAsync(scope, input, passwordHash: null, cancellationToken);
        }
        catch (DuplicateException e) when (!scope.IsAdmin)
        {
            return await StandInAsync(scope, input, e, cancellationToken);
        }
        return new Invitation(user, LinkFor(user.Id, await userManager.GeneratePasswordResetTokenAsync(user)));
    }

    private async Task<Invitation> StandInAsync(CallerScope scope, NewUser input, DuplicateException duplicate, CancellationToken cancellationToken)
    {
        var existing = await users.FindByNormalizedEmailAsync(UserStore.Normalize(input.Email), cancellationToken);
        if (existing is not null && existing.OrganisationId == scope.OrganisationId)
        {
            throw new DuplicateException("This person is already on your team.", duplicate);
        }
        // A token for nobody: its security stamp exists nowhere, so the link is refused like an expired one.
        var standIn = new PortalUser
        {
            Id = await users.LikelyNextIdAsync(cancellationToken),
            OrganisationId = input.OrganisationId,
            Email = input.Email.Trim(),
            DisplayName = input.DisplayName.Trim(),
            Role = input.Role,
        };
        logger.InvitedElsewhere(scope.ActorId);
        return new Invitation(standIn, LinkFor(standIn.Id, await userManager.GeneratePasswordResetTokenAsync(standIn)));
    }

    private string LinkFor(long userId, string token) =>
        publicAddress.Link($"account/accept-invite?userId={userId}&token={Uri.EscapeDataString(token)}");
}
