using Microsoft.Playwright;

namespace Portal.BrowserTests;

[Collection(PortalServerCollection.Name)]
public sealed class ReviewMeetingTests(PortalServer server)
{
    [Fact]
    public async Task The_supplier_lead_runs_the_review_the_engineer_finds_the_action_and_the_customer_lead_acknowledges()
    {
        const string decision = "Helix keeps a buffer of 200 cuvette holders at Uppsala.";
        const string action = "Send the monthly consumption figures to Helix";
        var lead = await server.NewPageAsync();
        lead.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        await lead.SignInAsync("alice.lead@helix.example");
        await lead.ClickAsync("nav >> text=Reviews");
        await lead.ClickAsync("[data-testid=upcoming-reviews] a");
        Assert.True(await lead.IsVisibleAsync("[data-testid=agenda-preview]"));
        await lead.ClickAsync("[data-testid=open-review]");
        await lead.WaitForSelectorAsync("[data-testid=close-review]");
        var reviewUrl = lead.Url.Split('#')[0];
        var first = lead.Locator("[data-testid=agenda-item]").First;
        Assert.True(await lead.Locator("[data-testid=agenda-item]").CountAsync() > 5);

        await first.Locator("details > summary").ClickAsync();
        await first.Locator("[data-testid=decision-text]").FillAsync(decision);
        await first.Locator("[data-testid=record-decision]").ClickAsync();
        await lead.WaitForSelectorAsync($"[data-testid=decision] >> text={decision}");
        first = lead.Locator("[data-testid=agenda-item]").First;
        await first.Locator("details > summary").ClickAsync();
        await first.Locator("[data-testid=action-title]").FillAsync(action);
        await first.Locator("[data-testid=action-owner]").SelectOptionAsync(new SelectOptionValue { Label = "Nina Holm" });
        await first.Locator("[data-testid=action-due]").FillAsync(DateTime.UtcNow.AddDays(14).ToString("yyyy-MM-dd"));
        await first.Locator("[data-testid=record-action]").ClickAsync();
        await lead.WaitForSelectorAsync($"[data-testid=action] >> text={action}");
        await lead.ClickAsync("[data-testid=close-review]");
        await lead.WaitForSelectorAsync("[data-testid=minutes]");
        Assert.False(await lead.IsVisibleAsync("[data-testid=save-notes]"));
        Assert.True(await lead.IsVisibleAsync("[data-testid=minutes-scorecard]"));

        var engineer = await server.NewPageAsync();
        await engineer.SignInAsync("nina.engineer@nordlab.example");
        await engineer.ClickAsync("text=My work");
        await engineer.ClickAsync($"[data-testid=work-table] >> text={action}");
        await engineer.WaitForSelectorAsync("[data-testid=minutes]");
        Assert.Contains(decision, await engineer.InnerTextAsync("[data-testid=minutes]"));
        Assert.Contains(action, await engineer.InnerTextAsync("[data-testid=minutes]"));
        Assert.False(await engineer.IsVisibleAsync("[data-testid=acknowledge]"));

        var customerLead = await server.NewPageAsync();
        await customerLead.SignInAsync("leo.lead@nordlab.example");
        await customerLead.GotoAsync(reviewUrl);
        await customerLead.ClickAsync("[data-testid=acknowledge]");
        await customerLead.WaitForSelectorAsync("[data-testid=acknowledged]");
        Assert.Contains("Leo Nyström", await customerLead.InnerTextAsync("[data-testid=acknowledged]"));
    }
}
