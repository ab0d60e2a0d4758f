using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.BrowserTests;

[Collection(PortalServerCollection.Name)]
public sealed class DesignRequestTests(PortalServer server)
{
    [Fact]
    public async Task A_customer_raises_a_request_the_supplier_answers_not_a_fit_and_the_customer_sees_the_recommendation()
    {
        var customer = await server.NewPageAsync();
        await customer.SignInAsync("nina.engineer@nordlab.example");
        await customer.ClickAsync("nav >> text=Design requests");
        await customer.ClickAsync("[data-testid=new-design-request]");
        await customer.FillAsync("#Input_Title", "Sterilisable pH sensor housing");
        await customer.FillAsync("#Input_Application", "Bioreactor monitoring");
        await customer.FillAsync("#Input_OperatingConditions", "121 °C steam, 30 minutes, 2 bar");
        await customer.FillAsync("#Input_AnnualVolume", "400");
        await customer.FillAsync("#Input_TargetPrice", "85.00");
        await customer.ClickAsync("[data-testid=design-request-form] button[type=submit]");
        await customer.WaitForURLAsync(new Regex(@"/design-requests/\d+$"));
        var requestPath = new Uri(customer.Url).AbsolutePath;
        Assert.Contains("Submitted", await customer.InnerTextAsync(".page-header"));

        var supplier = await server.NewPageAsync();
        await supplier.SignInAsync("erin.engineer@helix.example");
        await supplier.GotoAsync(requestPath);
        await supplier.SelectOptionAsync("#OwnerUserId", new SelectOptionValue { Label = "Erin Okafor" });
        await supplier.ClickAsync("[data-testid=advance-form] button[type=submit]");
        await supplier.CheckAsync("#verdict-NotAFit");
        await supplier.FillAsync("#Verdict_AlternativeName", "Steriline SH-9 housing");
        await supplier.FillAsync("#Verdict_AlternativeReason", "Our housings stop at 90 °C; the SH-9 is autoclavable.");
        await supplier.FillAsync("#Verdict_AlternativeLink", "https://example.com/sh-9");
        await supplier.ClickAsync("[data-testid=verdict-form] button[type=submit]");
        Assert.Contains("Verdict recorded.", await supplier.InnerTextAsync("[data-testid=status-message]"));

        await customer.ReloadAsync();
        var recommendation = await customer.InnerTextAsync("[data-testid=recommendation]");
        Assert.Contains("Steriline SH-9 housing", recommendation);
        Assert.Contains("autoclavable", recommendation);
        Assert.Contains("Declined", await customer.InnerTextAsync(".page-header"));
        Assert.Equal(0, await customer.Locator("[data-testid=withdraw-form]").CountAsync());
    }
}
