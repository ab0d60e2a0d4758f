using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data.Users;

namespace Portal.Web.Pages.Account;

public sealed class LoginWith2faModel(SignInManager<PortalUser> signIn) : PageModel
{
    [BindProperty, Required(ErrorMessage = "Enter the 6-digit code from your authenticator app."), StringLength(7, MinimumLength = 6, ErrorMessage = "The code has 6 digits.")]
    public string Code { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public bool RememberMe { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Account/Login") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null)
        {
            return RedirectToPage("/Account/Login");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(Code.Replace(" ", "", StringComparison.Ordinal), RememberMe, rememberClient: false);
        if (result.Succeeded)
        {
            return LocalRedirect(LoginModel.SafeReturnUrl(ReturnUrl));
        }
        if (result.IsLockedOut)
        {
            return RedirectToPage("/Account/Lockout");
        }
        ModelState.AddModelError(nameof(Code), "That code is not valid or was already used. Wait for the next code and try again.");
        return Page();
    }
}
