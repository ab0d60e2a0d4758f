using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data.Users;

namespace Portal.Web.Pages.Account;

/// <summary>An invited person chooses a password from the link their lead sent them, then is signed in.</summary>
public sealed class AcceptInviteModel(UserManager<PortalUser> users, SignInManager<PortalUser> signIn) : PageModel
{
    [BindProperty(SupportsGet = true)] public string UserId { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string Token { get; set; } = "";

    [BindProperty, Required(ErrorMessage = "Choose a password."), StringLength(128, MinimumLength = 10, ErrorMessage = "Use at least 10 characters."), DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [BindProperty, Compare(nameof(Password), ErrorMessage = "The two passwords differ."), DataType(DataType.Password)]
    public string ConfirmPassword { get; set; } = "";

    public string? Email { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Email = (await InvitedUserAsync())?.Email;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await InvitedUserAsync();
        Email = user?.Email;
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var result = user is null
            ? IdentityResult.Failed(new IdentityErrorDescriber().InvalidToken())
            : await users.ResetPasswordAsync(user, Token, Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == "InvalidToken" ? string.Empty : nameof(Password),
                    error.Code == "InvalidToken" ? "This invitation link is not valid any more. Ask for a new one." : error.Description);
            }
            return Page();
        }
        await signIn.SignInAsync(user!, isPersistent: false);
        TempData["Status"] = "Welcome to Partner Portal. Your password is set.";
        return LocalRedirect("/");
    }

    /// <summary>The invited person, only when the link's token is genuine: an id alone must not reveal whose account it is.</summary>
    private async Task<PortalUser?> InvitedUserAsync()
    {
        var user = await users.FindByIdAsync(UserId);
        var genuine = user is { IsActive: true } && !string.IsNullOrEmpty(Token)
            && await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<PortalUser>.ResetPasswordTokenPurpose, Token);
        return genuine ? user : null;
    }
}
