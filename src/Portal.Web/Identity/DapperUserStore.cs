using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Portal.Data.Users;

namespace Portal.Web.Identity;

/// <summary>
/// ASP.NET Core Identity over our own users table (no EF). Identity mutates the user in memory through the
/// setters below and then calls <see cref="UpdateAsync"/>, which saves with an optimistic concurrency check.
/// </summary>
public sealed class DapperUserStore(UserStore users) :
    IUserPasswordStore<PortalUser>,
    IUserEmailStore<PortalUser>,
    IUserSecurityStampStore<PortalUser>,
    IUserLockoutStore<PortalUser>,
    IUserTwoFactorStore<PortalUser>,
    IUserAuthenticatorKeyStore<PortalUser>
{
    public Task<string> GetUserIdAsync(PortalUser user, CancellationToken cancellationToken) =>
        Task.FromResult(user.Id.ToString(CultureInfo.InvariantCulture));

    public Task<string?> GetUserNameAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Email);

    public Task SetUserNameAsync(PortalUser user, string? userName, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<string?> GetNormalizedUserNameAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.NormalizedEmail);

    public Task SetNormalizedUserNameAsync(PortalUser user, string? normalizedName, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// People are added through <see cref="UserStore.CreateAsync"/> by an admin or a customer lead, which checks
    /// who may add whom and writes the audit trail; Identity's own create path would bypass both.
    /// </summary>
    public Task<IdentityResult> CreateAsync(PortalUser user, CancellationToken cancellationToken) =>
        Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "NotSupported", Description = "People are added from the People pages." }));

    public async Task<IdentityResult> UpdateAsync(PortalUser user, CancellationToken cancellationToken)
    {
        var expected = user.ConcurrencyStamp;
        user.ConcurrencyStamp = Guid.NewGuid().ToString("N");
        return await users.SaveSignInStateAsync(user, expected, cancellationToken)
            ? IdentityResult.Success
            : IdentityResult.Failed(new IdentityErrorDescriber().ConcurrencyFailure());
    }

    public Task<IdentityResult> DeleteAsync(PortalUser user, CancellationToken cancellationToken) =>
        Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "NotSupported", Description = "People are deactivated, never deleted: the audit trail refers to them." }));

    public Task<PortalUser?> FindByIdAsync(string userId, CancellationToken cancellationToken) =>
        long.TryParse(userId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? users.FindByIdAsync(id, cancellationToken) : Task.FromResult<PortalUser?>(null);

    public Task<PortalUser?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken) =>
        users.FindByNormalizedEmailAsync(normalizedUserName, cancellationToken);

    public Task SetPasswordHashAsync(PortalUser user, string? passwordHash, CancellationToken cancellationToken)
    {
        user.PasswordHash = passwordHash;
        return Task.CompletedTask;
    }

    public Task<string?> GetPasswordHashAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash);

    public Task<bool> HasPasswordAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash is not null);

    public Task SetEmailAsync(PortalUser user, string? email, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<string?> GetEmailAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Email);

    // Accounts are created by an admin or a customer lead who vouches for the address.
    public Task<bool> GetEmailConfirmedAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task SetEmailConfirmedAsync(PortalUser user, bool confirmed, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<PortalUser?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken) =>
        users.FindByNormalizedEmailAsync(normalizedEmail, cancellationToken);

    public Task<string?> GetNormalizedEmailAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.NormalizedEmail);

    public Task SetNormalizedEmailAsync(PortalUser user, string? normalizedEmail, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SetSecurityStampAsync(PortalUser user, string stamp, CancellationToken cancellationToken)
    {
        user.SecurityStamp = stamp;
        return Task.CompletedTask;
    }

    public Task<string?> GetSecurityStampAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.SecurityStamp);

    public Task<DateTimeOffset?> GetLockoutEndDateAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult(user.LockoutEnd);

    public Task SetLockoutEndDateAsync(PortalUser user, DateTimeOffset? lockoutEnd, CancellationToken cancellationToken)
    {
        user.LockoutEnd = lockoutEnd;
        return Task.CompletedTask;
    }

    public Task<int> IncrementAccessFailedCountAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult(++user.AccessFailedCount);

    public Task ResetAccessFailedCountAsync(PortalUser user, CancellationToken cancellationToken)
    {
        user.AccessFailedCount = 0;
        return Task.CompletedTask;
    }

    public Task<int> GetAccessFailedCountAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult(user.AccessFailedCount);

    public Task<bool> GetLockoutEnabledAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult(user.LockoutEnabled);

    public Task SetLockoutEnabledAsync(PortalUser user, bool enabled, CancellationToken cancellationToken)
    {
        user.LockoutEnabled = enabled;
        return Task.CompletedTask;
    }

    public Task SetTwoFactorEnabledAsync(PortalUser user, bool enabled, CancellationToken cancellationToken)
    {
        user.TwoFactorEnabled = enabled;
        return Task.CompletedTask;
    }

    public Task<bool> GetTwoFactorEnabledAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult(user.TwoFactorEnabled);

    public Task SetAuthenticatorKeyAsync(PortalUser user, string key, CancellationToken cancellationToken)
    {
        user.AuthenticatorKey = key;
        return Task.CompletedTask;
    }

    public Task<string?> GetAuthenticatorKeyAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult(user.AuthenticatorKey);

    public void Dispose()
    {
    }
}
