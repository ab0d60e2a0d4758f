using System.Globalization;
using System.Security.Claims;
using Portal.Data.Tenancy;

namespace Portal.Web.Identity;

/// <summary>
/// Resolves the caller's scope once per request from the database (not from the cookie), so that a
/// deactivation or a change of assignment takes effect on the next request.
/// </summary>
public sealed class CallerContext(IHttpContextAccessor accessor, ScopeStore scopes)
{
    private CallerScope? _scope;
    private bool _resolved;

    /// <summary>The scope once a filter or page resolved it this request; null before that or for nobody signed in.</summary>
    public CallerScope? Resolved => _scope;

    public async Task<CallerScope?> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_resolved)
        {
            return _scope;
        }
        var user = accessor.HttpContext?.User;
        var id = user?.FindFirstValue(ClaimTypes.NameIdentifier);
        _scope = id is not null && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var userId)
            ? await scopes.ForUserAsync(userId, cancellationToken)
            : null;
        _resolved = true;
        return _scope;
    }

    /// <summary>For pages behind the sign-in requirement: a missing scope there means the account was deactivated.</summary>
    public async Task<CallerScope> RequireAsync(CancellationToken cancellationToken = default) =>
        await GetAsync(cancellationToken) ?? throw new UnauthorizedAccessException("The account is no longer active.");
}
