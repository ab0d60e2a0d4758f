using Microsoft.Playwright;

namespace Portal.BrowserTests;

[Collection(PortalServerCollection.Name)]
public sealed class EquipmentLoanTests(PortalServer server)
{
    [Fact]
    public async Task A_loan_goes_from_request_to_purchase_with_the_conversion_price_shown()
    {
        var customer = await server.NewPageAsync();
        await customer.SignInAsync("nina.engineer@nordlab.example");
        await customer.ClickAsync("nav >> text=Loans");
        await customer.ClickAsync("[data-testid=request-loan]");
        await customer.SelectOptionAsync("#Input_EquipmentId", new SelectOptionValue { Index = 1 });
        await customer.FillAsync("#Input_Purpose", "Dissolved-oxygen trend study in the pilot fermenter.");
        await customer.ClickAsync("[data-testid=submit-loan]");
        await customer.WaitForURLAsync("**/loans/*");
        Assert.Contains("requested", await customer.InnerTextAsync("[data-testid=status-message]"));
        var loanUrl = customer.Url;

        var lead = await server.NewPageAsync();
        // Convert and write off ask for confirmation; the account lead confirms.
        lead.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        await lead.SignInAsync("alice.lead@helix.example");
        await lead.GotoAsync(loanUrl);
        await MoveAsync(lead, "Approved", async () => await lead.FillAsync("[data-testid=approve-fee]", "120"));
        await MoveAsync(lead, "Shipped", async () => await lead.SelectOptionAsync("[data-testid=condition-Shipped]", "Good"));
        Assert.Equal("Good", await lead.InnerTextAsync("[data-testid=condition-shipped]"));

        await customer.GotoAsync(loanUrl);
        Assert.False(await customer.IsVisibleAsync("[data-testid=form-ConvertedToPurchase]"));
        await MoveAsync(customer, "InUse");
        Assert.Equal("In use", await customer.InnerTextAsync("[data-testid=loan-state]"));
        var offered = await customer.InnerTextAsync("[data-testid=conversion-price]");

        await lead.GotoAsync(loanUrl);
        Assert.Equal(offered, await lead.InnerTextAsync("[data-testid=conversion-price]"));
        await MoveAsync(lead, "ConvertedToPurchase");

        Assert.Equal("Converted to purchase", await lead.InnerTextAsync("[data-testid=loan-state]"));
        Assert.Contains($"Converted to a purchase at {offered}", await lead.InnerTextAsync("[data-testid=status-message]"));
        Assert.StartsWith(offered, await lead.InnerTextAsync("[data-testid=final-price]"), StringComparison.Ordinal);
        await customer.GotoAsync(loanUrl);
        Assert.Contains(offered, await customer.InnerTextAsync("[data-testid=final-price]"));
        Assert.Contains("Converted to purchase", await customer.InnerTextAsync("[data-testid=loan-timeline]"));
    }

    /// <summary>Opens the move's form on the loan page, fills what it needs and submits it, then waits for the page to come back.</summary>
    private static async Task MoveAsync(IPage page, string to, Func<Task>? fill = null)
    {
        await page.ClickAsync($"details:has([data-testid=form-{to}]) > summary");
        if (fill is not null)
        {
            await fill();
        }
        await page.ClickAsync($"[data-testid=move-{to}]");
        // The timeline gains the move's event only on the page that comes back after it.
        await page.WaitForSelectorAsync($"[data-testid=event-{to}]");
    }
}
