using Microsoft.AspNetCore.Identity;
using Portal.Data.Users;

namespace Portal.Web.Identity;

/// <summary>
/// The authenticator-app token provider, with one change from Identity's: a code's time step is recorded when
/// it is accepted and never accepted again, so a code seen over someone's shoulder cannot be replayed.
/// </summary>
public sealed class ReplayProofAuthenticatorProvider(UserStore users, TimeProvider clock) : IUserTwoFactorTokenProvider<PortalUser>
{
    public const string Name = "PortalAuthenticator";

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<PortalUser> manager, PortalUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    // Codes come from the person's app, never from us.
    public Task<string> GenerateAsync(string purpose, UserManager<PortalUser> manager, PortalUser user) => Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<PortalUser> manager, PortalUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        var code = token.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (string.IsNullOrEmpty(key) || code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return false;
        }
        var step = Totp.MatchingStep(Totp.DecodeBase32(key), code, clock.GetUtcNow());
        return step is not null && await users.TryUseTotpStepAsync(user.Id, step.Value);
    }
}
