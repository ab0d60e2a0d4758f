namespace Portal.BrowserTests;

/// <summary>axe-core (vendored in axe/) on every page the crawl reaches, for the people whose pages differ most.</summary>
[Collection(PortalServerCollection.Name)]
public sealed class AccessibilityTests(PortalServer server)
{
    private static readonly string Axe = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "axe", "axe.min.js"));

    [Theory]
    [InlineData("leo.lead@nordlab.example")]
    [InlineData("admin@helix.example")]
    [InlineData("quinn.quality@helix.example")]
    public async Task Every_page_reached_from_the_dashboard_has_no_axe_violations(string email)
    {
        var page = await server.NewPageAsync();
        await page.SignInAsync(email);
        var violations = new List<string>();
        var pages = await SiteCrawl.VisitAsync(page, async path =>
        {
            // Evaluated through the DevTools protocol, so the portal's CSP (no inline scripts) stays on while axe runs.
            await page.EvaluateAsync(Axe);
            var found = await page.EvaluateAsync<string[]>("""
                async () => (await axe.run(document)).violations
                    .flatMap(v => v.nodes.map(n => `${v.id}: ${n.target.join(' ')}: ${[...n.any, ...n.all, ...n.none].map(c => c.message)[0] ?? v.help}`))
                """);
            violations.AddRange(found.Select(v => $"{path}: {v}"));
        });
        Assert.True(pages.Count >= 10, $"the crawl reached only {string.Join(", ", pages)}");
        Assert.True(violations.Count == 0, $"{violations.Count} axe violations on {pages.Count} pages:\n{string.Join('\n', violations)}");
    }
}
