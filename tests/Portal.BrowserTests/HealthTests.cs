using Microsoft.Playwright;

namespace Portal.BrowserTests;

[Collection(PortalServerCollection.Name)]
public sealed class HealthTests(PortalServer server)
{
    [Fact]
    public async Task An_account_lead_opens_the_portfolio_finds_the_red_partnership_first_and_drills_into_its_late_deliveries()
    {
        var lead = await server.NewPageAsync();
        await lead.SignInAsync("alice.lead@helix.example");
        await lead.ClickAsync("[data-testid=portfolio-link]");
        await lead.WaitForSelectorAsync("[data-testid=portfolio]");

        var first = lead.Locator("[data-testid=portfolio-row]").First;
        Assert.Contains("Nordlab", await first.InnerTextAsync());
        Assert.True(await first.Locator("[data-state=Red]").CountAsync() > 0);
        Assert.True(await first.Locator("[data-testid=portfolio-alert]").CountAsync() > 0);

        await first.Locator("[data-testid=portfolio-open]").ClickAsync();
        await lead.WaitForSelectorAsync("[data-testid=metrics-Supplier]");
        Assert.Contains("/health", lead.Url);
        Assert.True(await lead.Locator("canvas#health-chart").IsVisibleAsync());
        Assert.Equal("Red", await lead.Locator("[data-testid=side-Supplier] [data-state]").GetAttributeAsync("data-state"));
        // "No data" reads differently from red: an outlined badge, not a grade's colour.
        var noData = lead.Locator("[data-testid=metrics-Customer] [data-state=NoData]").First;
        Assert.Contains("health-nodata", await noData.GetAttributeAsync("class"));

        await lead.ClickAsync("[data-testid=drill-OnTimeInFull]");
        await lead.WaitForSelectorAsync("[data-testid=evidence]");
        var rows = lead.Locator("[data-testid=evidence-row]");
        Assert.True(await rows.CountAsync() > 0);
        var late = rows.Filter(new() { HasText = "PO-9001" }).First;
        var cells = await late.Locator("td").AllInnerTextsAsync();
        // Record, item, due date, last received: received after it was due.
        Assert.True(string.CompareOrdinal(cells[3], cells[2]) > 0, $"{cells[2]} should be before {cells[3]}");
    }
}
