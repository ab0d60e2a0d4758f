using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data.Users;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Account;

/// <summary>Turns authenticator-app sign-in on (scan, confirm with a code) or off.</summary>
public sealed class TwoFactorModel(UserManager<PortalUser> users, SignInManager<PortalUser> signIn) : PageModel
{
    public bool Enabled { get; private set; }
    public string SharedKey { get; private set; } = "";
    public string AuthenticatorUri { get; private set; } = "";

    [BindProperty, Required(ErrorMessage = "Enter the 6-digit code from your app."), StringLength(7, MinimumLength = 6, ErrorMessage = "The code has 6 digits.")]
    public string Code { get; set; } = "";

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() is null ? Challenge() : Page();

    public async Task<IActionResult> OnPostEnableAsync()
    {
        var user = await LoadAsync();
        if (user is null)
        {
            return Challenge();
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var valid = await users.VerifyTwoFactorTokenAsync(user, ReplayProofAuthenticatorProvider.Name, Code.Replace(" ", "", StringComparison.Ordinal));
        if (!valid)
        {
            ModelState.AddModelError(nameof(Code), "That code is not right. Check the time on your phone and try the next code.");
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        await signIn.RefreshSignInAsync(user);
        TempData["Status"] = "Two-factor sign-in is on. You will be asked for a code when you sign in.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var user = await LoadAsync();
        if (user is null)
        {
            return Challenge();
        }
        await users.SetTwoFactorEnabledAsync(user, false);
        // A new key, so the old app entry stops working if it is turned on again later.
        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
        TempData["Status"] = "Two-factor sign-in is off.";
        return RedirectToPage();
    }

    private async Task<PortalUser?> LoadAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return null;
        }
        Enabled = user.TwoFactorEnabled;
        if (!Enabled)
        {
            var key = await users.GetAuthenticatorKeyAsync(user);
            if (string.IsNullOrEmpty(key))
            {
                await users.ResetAuthenticatorKeyAsync(user);
                key = await users.GetAuthenticatorKeyAsync(user);
            }
            SharedKey = Chunked(key!);
            AuthenticatorUri = $"otpauth://totp/{Uri.EscapeDataString("Partner Portal")}:{Uri.EscapeDataString(user.Email)}?secret={key}&issuer={Uri.EscapeDataString("Partner Portal")}&digits=6&period={Totp.StepSeconds}";
        }
        return user;
    }

    private static string Chunked(string key)
    {
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            text.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }
        return text.ToString().TrimEnd().ToLowerInvariant();
    }
}
