using System.Globalization;
using Microsoft.Playwright;

namespace Portal.BrowserTests;

[Collection(PortalServerCollection.Name)]
public sealed class CreditTests(PortalServer server)
{
    [Fact]
    public async Task A_customer_asks_to_defer_an_overdue_invoice_finance_approves_and_overdue_and_the_due_date_change()
    {
        var customer = await server.NewPageAsync();
        await customer.SignInAsync("leo.lead@nordlab.example");
        await customer.ClickAsync("nav >> text=Credit");
        await customer.WaitForSelectorAsync("[data-testid=open-invoices]");
        var overdueBefore = await OverdueAsync(customer);
        var utilisationBefore = await customer.InnerTextAsync("[data-testid=utilisation]");
        var overdueRow = customer.Locator("[data-testid=open-invoices] tr[data-invoice]", new() { HasText = "overdue" }).Last;
        var invoice = (await overdueRow.GetAttributeAsync("data-invoice"))!;
        Assert.True(await customer.Locator("canvas#credit-chart").IsVisibleAsync());

        var newDueDay = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(20);
        var newDue = newDueDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await customer.ClickAsync("[data-testid=deferral-card] summary");
        await customer.Locator("[data-testid=deferral-form] .form-check", new() { HasText = invoice }).Locator("input").CheckAsync();
        await customer.FillAsync("#Deferral_DeferralDays", "");
        await customer.FillAsync("#Deferral_DeferredTo", newDue);
        await customer.FillAsync("#Deferral_Reason", "Our cold store failed; the insurer pays in three weeks.");
        await customer.ClickAsync("[data-testid=deferral-form] button[type=submit]");
        await customer.WaitForSelectorAsync("[data-testid=status-message]");
        Assert.Contains("Deferral requested", await customer.InnerTextAsync("[data-testid=status-message]"));
        Assert.Equal(overdueBefore, await OverdueAsync(customer));
        var creditUrl = customer.Url;

        // A Finance person of the test's own: fay.finance may have turned on two-factor sign-in in another journey.
        var finance = await server.NewPageAsync();
        await finance.SignInAsync(await NordlabPeople.FinanceAsync(server, Password), Password);
        await finance.GotoAsync(creditUrl);
        finance.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        var pending = finance.Locator("[data-testid=pending-decisions] li", new() { HasText = "cold store failed" });
        Assert.Contains("a deferral moves due dates, not the limit", await pending.Locator("[data-testid=utilisation-change]").InnerTextAsync());
        await pending.Locator("[data-testid=approve]").ClickAsync();
        await finance.WaitForSelectorAsync("[data-testid=status-message]");
        var request = finance.Locator("[data-testid=arrangements] li", new() { HasText = "cold store failed" });
        Assert.Contains("Approved · active", await request.Locator("[data-testid=arrangement-state]").InnerTextAsync());

        await customer.ReloadAsync();
        var row = customer.Locator($"[data-testid=open-invoices] tr[data-invoice='{invoice}']");
        // The date input takes ISO dates; pages show dates in the portal's one display format.
        Assert.Contains(newDueDay.ToString("d MMM yyyy", CultureInfo.InvariantCulture), await row.Locator("[data-testid=due]").InnerTextAsync());
        Assert.Contains("deferred from", await row.Locator("[data-testid=due]").InnerTextAsync());
        Assert.Contains("Current", await row.InnerTextAsync());
        Assert.NotEqual(overdueBefore, await OverdueAsync(customer));
        // A deferral moves due dates, not the amount owed: utilisation stays where it was.
        Assert.Equal(utilisationBefore, await customer.InnerTextAsync("[data-testid=utilisation]"));
    }

    private const string Password = "Credit-journey-42";

    private static Task<string> OverdueAsync(IPage page) => page.InnerTextAsync("[data-testid=overdue]");
}
