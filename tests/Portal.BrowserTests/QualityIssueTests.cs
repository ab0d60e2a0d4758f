using Microsoft.Playwright;

namespace Portal.BrowserTests;

[Collection(PortalServerCollection.Name)]
public sealed class QualityIssueTests(PortalServer server)
{
    [Fact]
    public async Task A_customer_rejects_the_verification_of_a_critical_issue_and_corrective_action_reopens()
    {
        var customer = await server.NewPageAsync();
        await customer.SignInAsync("nina.engineer@nordlab.example");
        await customer.ClickAsync("nav >> text=Quality");
        await customer.ClickAsync("[data-testid=raise-issue]");
        await customer.FillAsync("#Input_Title", "Chipped quartz flow cells");
        await customer.SelectOptionAsync("#Input_Severity", "Critical");
        await customer.FillAsync("#Input_Description", "Chips on the window edge of 4 cells.");
        await customer.SelectOptionAsync("#Input_ItemId", new SelectOptionValue { Index = 1 });
        await customer.FillAsync("#Input_QuantityInspected", "20");
        await customer.FillAsync("#Input_QuantityAffected", "4");
        await customer.ClickAsync("[data-testid=raise-form] button[type=submit]");
        await customer.WaitForURLAsync("**/quality/*");
        Assert.Contains("Containment (D3) is due", await customer.InnerTextAsync("[data-testid=status-message]"));
        var issueUrl = customer.Url;

        var supplier = await server.NewPageAsync();
        await supplier.SignInAsync("quinn.quality@helix.example");
        await supplier.GotoAsync(issueUrl);
        foreach (var step in new[] { "D3", "D4", "D5", "D6" })
        {
            await supplier.ClickAsync($"[data-testid=complete-{step}]");
            await supplier.WaitForSelectorAsync($"[data-testid=step-{step}][data-done=true]");
        }

        await customer.GotoAsync(issueUrl);
        Assert.False(await customer.IsVisibleAsync("[data-testid=complete-D7]"));
        await customer.FillAsync("[data-testid=reject-form] textarea", "Two of the replacement cells are chipped too.");
        await customer.ClickAsync("[data-testid=reject-verification]");
        await customer.WaitForSelectorAsync("[data-testid=rejection]");

        Assert.Contains("Two of the replacement cells are chipped too.", await customer.InnerTextAsync("[data-testid=rejection]"));
        Assert.Equal("true", await customer.GetAttributeAsync("[data-testid=step-D4]", "data-done"));
        Assert.Equal("false", await customer.GetAttributeAsync("[data-testid=step-D5]", "data-done"));
        Assert.Equal("false", await customer.GetAttributeAsync("[data-testid=step-D6]", "data-done"));
        // Corrective action is the supplier's work: the customer is not offered it, the supplier is.
        Assert.False(await customer.IsVisibleAsync("[data-testid=complete-D5]"));
        await supplier.GotoAsync(issueUrl);
        Assert.True(await supplier.IsVisibleAsync("[data-testid=complete-D5]"));
    }
}
