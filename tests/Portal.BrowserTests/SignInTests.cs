using Microsoft.Playwright;
using Portal.Data.Users;
using Portal.Web.Identity;
using Portal.Web.Seed;

namespace Portal.BrowserTests;

[Collection(PortalServerCollection.Name)]
public sealed class SignInTests(PortalServer server)
{
    [Fact]
    public async Task A_customer_engineer_signs_in_lands_on_their_dashboard_and_signs_out()
    {
        var page = await server.NewPageAsync();
        await page.SignInAsync("nina.engineer@nordlab.example");

        Assert.Matches(@"/p/\d+$", page.Url);
        Assert.Equal(DemoData.Nordlab.PartnershipName, await page.InnerTextAsync("[data-testid=dashboard-title]"));
        Assert.True(await page.Locator("[data-testid=recent-deliveries] tbody tr").CountAsync() > 0);
        // A customer engineer has no switcher and no administration.
        Assert.Equal(0, await page.Locator("[data-testid=partnership-switcher]").CountAsync());
        Assert.Equal(0, await page.GetByText("Administration").CountAsync());

        await page.SignOutAsync();
        await page.GotoAsync("/");
        Assert.Contains("/account/login", page.Url);
    }

    [Fact]
    public async Task A_wrong_password_shows_an_error_and_does_not_sign_in()
    {
        var page = await server.NewPageAsync();
        await page.SignInAsync("carl.engineer@arcadia.example", "not-the-password");

        Assert.Contains("/account/login", page.Url);
        Assert.Contains("The email or password is not right.", await page.InnerTextAsync("[data-testid=login-error]"));
    }

    [Fact]
    public async Task Repeated_failures_lock_the_account_even_for_the_right_password()
    {
        // An account of its own: a locked demo person would break the other journeys that share this server.
        var email = await server.AddPersonAsync("Locked Out", PortalRole.CustomerEngineer, DemoData.Nordlab.Name, "Right-password-1");
        var page = await server.NewPageAsync();
        for (var i = 0; i < IdentityServices.MaxFailedAccessAttempts; i++)
        {
            await page.SignInAsync(email, $"wrong-{i}");
        }

        await page.SignInAsync(email, "Right-password-1");

        // The same answer as for a wrong password or an unknown address: a lockout page would confirm that the account exists.
        Assert.Contains("/account/login", page.Url);
        Assert.Contains("The email or password is not right.", await page.InnerTextAsync("[data-testid=login-error]"));
        Assert.Contains("locked for 15 minutes", await page.InnerTextAsync("body"));
    }

    [Fact]
    public async Task An_account_lead_sees_only_the_assigned_partnership_and_an_admin_sees_all()
    {
        var lead = await server.NewPageAsync();
        await lead.SignInAsync("bruno.lead@helix.example");
        Assert.Equal(DemoData.Arcadia.PartnershipName, await lead.InnerTextAsync("[data-testid=dashboard-title]"));

        var admin = await server.NewPageAsync();
        await admin.SignInAsync("admin@helix.example");
        var cards = await admin.Locator("[data-testid=partnership-card] h2").AllInnerTextsAsync();
        Assert.Equal([DemoData.Arcadia.PartnershipName, DemoData.Nordlab.PartnershipName], cards.Order());
    }

    [Fact]
    public async Task Another_customers_partnership_is_a_not_found_page()
    {
        var nordlab = await server.NewPageAsync();
        await nordlab.SignInAsync("nina.engineer@nordlab.example");
        var ownUrl = nordlab.Url;

        var arcadia = await server.NewPageAsync();
        await arcadia.SignInAsync("carl.engineer@arcadia.example");
        var response = await arcadia.GotoAsync(ownUrl);

        Assert.Equal(404, response!.Status);
        Assert.Equal(1, await arcadia.Locator("[data-testid=error-page]").CountAsync());
        Assert.DoesNotContain(DemoData.Nordlab.Name, await arcadia.ContentAsync());
    }
}
