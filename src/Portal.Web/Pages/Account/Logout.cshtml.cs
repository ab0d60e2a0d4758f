using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data.Users;

namespace Portal.Web.Pages.Account;

/// <summary>Sign-out is a POST with an antiforgery token, so another site cannot sign people out.</summary>
public sealed class LogoutModel(SignInManager<PortalUser> signIn) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return RedirectToPage("/Account/Login");
    }
}
