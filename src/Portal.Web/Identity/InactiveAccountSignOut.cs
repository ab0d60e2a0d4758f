using Microsoft.AspNetCore.Identity;
using Portal.Data.Users;

namespace Portal.Web.Identity;

/// <summary>
/// A person deactivated while signed in is signed out on their next request, not at the cookie's next security
/// stamp check: the caller scope is read from the database on every request anyway, so this costs no query.
/// </summary>
public sealed class InactiveAccountSignOut(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, CallerContext caller, SignInManager<PortalUser> signIn)
    {
        if (context.User.Identity?.IsAuthenticated == true
            && context.User.Identity.AuthenticationType == IdentityConstants.ApplicationScheme
            && await caller.GetAsync(context.RequestAborted) is null)
        {
            await signIn.SignOutAsync();
            context.Response.Redirect("/account/login");
            return;
        }
        await next(context);
    }
}
