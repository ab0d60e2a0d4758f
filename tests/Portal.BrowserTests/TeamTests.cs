using Microsoft.Playwright;

namespace Portal.BrowserTests;

[Collection(PortalServerCollection.Name)]
public sealed class TeamTests(PortalServer server)
{
    [Fact]
    public async Task A_customer_lead_invites_a_colleague_who_sets_a_password_and_lands_on_the_dashboard()
    {
        var lead = await server.NewPageAsync();
        await lead.SignInAsync("leo.lead@nordlab.example");
        await lead.GotoAsync("/team");
        await lead.FillAsync("#Invite_DisplayName", "Mia Sandberg");
        await lead.FillAsync("#Invite_Email", "mia.sandberg@nordlab.example");
        await lead.SelectOptionAsync("#Invite_Role", "CustomerEngineer");
        await lead.ClickAsync("[data-testid=invite-form] button[type=submit]");
        var link = await lead.InputValueAsync("[data-testid=invite-link] input");
        // Links come from Portal:PublicUrl (here its default), not from the address the browser used.
        Assert.StartsWith("http://localhost:5080/account/accept-invite?", link);
        link = new Uri(link).PathAndQuery;
        Assert.Contains("Invited", await lead.InnerTextAsync("[data-testid=people-table]"));

        var invited = await server.NewPageAsync();
        await invited.GotoAsync(link);
        await invited.FillAsync("#Password", "Mia-first-password-1");
        await invited.FillAsync("#ConfirmPassword", "Mia-first-password-1");
        await invited.ClickAsync("button[type=submit]");
        await invited.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Matches(@"/p/\d+$", invited.Url);

        // The link works once: the password change retired it.
        var again = await server.NewPageAsync();
        await again.GotoAsync(link);
        await again.FillAsync("#Password", "Someone-else-pass-2");
        await again.FillAsync("#ConfirmPassword", "Someone-else-pass-2");
        await again.ClickAsync("button[type=submit]");
        Assert.Contains("not valid any more", await again.ContentAsync());
    }

    [Fact]
    public async Task Invalid_invitations_show_field_errors_and_create_nobody()
    {
        var lead = await server.NewPageAsync();
        await lead.SignInAsync("lara.lead@arcadia.example");
        await lead.GotoAsync("/team");
        var before = await lead.Locator("[data-testid=people-table] tbody tr").CountAsync();

        await lead.FillAsync("#Invite_DisplayName", "");
        await lead.FillAsync("#Invite_Email", "not-an-email");
        await lead.ClickAsync("[data-testid=invite-form] button[type=submit]");

        var form = await lead.InnerTextAsync("[data-testid=invite-form]");
        Assert.Contains("Enter the person's name (up to 100 characters).", form);
        Assert.Contains("Enter a valid email address.", form);
        Assert.Equal(before, await lead.Locator("[data-testid=people-table] tbody tr").CountAsync());
    }
}
