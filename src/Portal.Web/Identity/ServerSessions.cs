using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Portal.Data.Users;

namespace Portal.Web.Identity;

/// <summary>
/// Ties the sign-in cookie to a row of user_sessions. The session id travels inside the encrypted cookie ticket; every
/// request checks the row (one primary-key lookup, no cache), so a sign-out on any node ends every copy of the cookie
/// at once. Cookies without a session id (issued before sessions were kept) are refused: those people sign in again.
/// </summary>
public static class ServerSessions
{
    private const string Item = ".portal.session";

    public static string? IdOf(AuthenticationProperties? properties) =>
        properties is not null && properties.Items.TryGetValue(Item, out var id) ? id : null;

    public static void Name(AuthenticationProperties properties, string sessionId) => properties.Items[Item] = sessionId;

    /// <summary>
    /// The session of the current request, as validated. Sign-out reads it from here because authenticating again
    /// while the cookie is still being validated (the security stamp check signs out from inside) would wait on itself.
    /// </summary>
    public static string? CurrentId(HttpContext context) => context.Items[Item] as string;

    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionStore>();
        var id = IdOf(context.Properties);
        var userId = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null
            || !long.TryParse(userId, NumberStyles.None, CultureInfo.InvariantCulture, out var user)
            || !await sessions.IsActiveAsync(id, user, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        context.HttpContext.Items[Item] = id;
        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }

    /// <summary>A renewed sliding cookie lives on, so its session must not be taken for dead (see SessionStore.StartAsync).</summary>
    public static async Task CheckSlidingExpirationAsync(CookieSlidingExpirationContext context)
    {
        if (context.ShouldRenew && IdOf(context.Properties) is { } id)
        {
            await context.HttpContext.RequestServices.GetRequiredService<SessionStore>().TouchAsync(id, context.HttpContext.RequestAborted);
        }
    }
}
