using Microsoft.Playwright;
using Portal.Web.Seed;

namespace Portal.BrowserTests;

/// <summary>Small steps that every journey shares.</summary>
public static class SignInJourney
{
    public static async Task SignInAsync(this IPage page, string email, string password = DemoData.Password)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#Email", email);
        await page.FillAsync("#Password", password);
        await page.ClickAsync("form[data-testid=login-form] button[type=submit]");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    public static async Task SignOutAsync(this IPage page)
    {
        await page.ClickAsync("[data-testid=user-menu]");
        await page.ClickAsync("[data-testid=sign-out]");
        await page.WaitForURLAsync("**/account/login");
    }
}
