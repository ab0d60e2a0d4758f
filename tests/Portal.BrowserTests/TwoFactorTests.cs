using Microsoft.Playwright;
using Portal.Web.Identity;

namespace Portal.BrowserTests;

[Collection(PortalServerCollection.Name)]
public sealed class TwoFactorTests(PortalServer server)
{
    [Fact]
    public async Task A_user_turns_on_two_factor_and_a_used_code_cannot_be_replayed()
    {
        const string email = "fay.finance@helix.example";
        var page = await server.NewPageAsync();
        await page.SignInAsync(email);
        await page.GotoAsync("/account/two-factor");
        var key = Totp.DecodeBase32(await page.InnerTextAsync("[data-testid=twofactor-key]"));
        Assert.Equal(1, await page.Locator("[data-testid=twofactor-qr] svg").CountAsync());

        var step = Totp.StepAt(DateTimeOffset.UtcNow);
        await page.FillAsync("#Code", Totp.Code(key, step));
        await page.ClickAsync("text=Turn on");
        Assert.Equal(1, await page.Locator("[data-testid=twofactor-enabled]").CountAsync());
        await page.SignOutAsync();

        // The code that turned 2FA on was used: signing in with it again is refused.
        await page.SignInAsync(email);
        Assert.Contains("/account/login-2fa", page.Url);
        await page.FillAsync("#Code", Totp.Code(key, step));
        await page.ClickAsync("button[type=submit]");
        Assert.Contains("already used", await page.ContentAsync());

        // The next step's code (within the allowed drift) is fresh and works.
        await page.FillAsync("#Code", Totp.Code(key, step + 1));
        await page.ClickAsync("button[type=submit]");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.DoesNotContain("/account/", page.Url);
        Assert.Equal(1, await page.Locator("[data-testid=user-menu]").CountAsync());
    }
}
