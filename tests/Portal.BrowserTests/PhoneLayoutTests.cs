using Microsoft.Playwright;

namespace Portal.BrowserTests;

/// <summary>The portal on a 390 × 844 phone: no page scrolls sideways, wide tables keep their key column, and every partnership tab can be reached.</summary>
[Collection(PortalServerCollection.Name)]
public sealed class PhoneLayoutTests(PortalServer server)
{
    private const int Width = 390;
    private const int Height = 844;

    [Theory]
    [InlineData("leo.lead@nordlab.example")]
    [InlineData("admin@helix.example")]
    [InlineData("quinn.quality@helix.example")]
    public async Task No_page_reached_from_the_dashboard_scrolls_sideways_or_hides_a_table_key_column_on_a_phone(string email)
    {
        var page = await server.NewPageAsync(Width, Height);
        await page.SignInAsync(email);
        var wide = new List<string>();
        var pages = await SiteCrawl.VisitAsync(page, async path =>
        {
            // Names the culprits: elements that stick out and are not inside a box that scrolls or clips them (those
            // that escape one through absolute positioning included).
            var overflow = await page.EvaluateAsync<string[]>("""
                () => {
                    if (document.documentElement.scrollWidth <= window.innerWidth) return [];
                    const contained = e => {
                        for (let box = e.offsetParent ?? e.parentElement; box && box !== document.body; box = box.parentElement) {
                            if (getComputedStyle(box).overflowX !== 'visible') return true;
                        }
                        return false;
                    };
                    const out = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5 && !contained(e));
                    return [`${document.documentElement.scrollWidth} px wide`].concat(out.filter(e => !out.includes(e.parentElement)).slice(0, 3)
                        .map(e => e.tagName.toLowerCase() + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\s+/).join('.') : '')));
                }
                """);
            if (overflow.Length > 0)
            {
                wide.Add($"{path}: {string.Join(", ", overflow)}");
            }
            // A table wider than the phone scrolls inside its box and keeps its first (key) column in sight.
            var keyLost = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('.table-responsive')].filter(box => box.scrollWidth > box.clientWidth).flatMap(box => {
                    box.scrollLeft = box.scrollWidth;
                    const cell = box.querySelector('tbody > tr > :first-child');
                    const kept = !cell || cell.getBoundingClientRect().left >= box.getBoundingClientRect().left - 0.5;
                    box.scrollLeft = 0;
                    return kept ? [] : [`table ${box.querySelector('table').dataset.testid ?? ''} loses its first column when scrolled`];
                })
                """);
            wide.AddRange(keyLost.Select(k => $"{path}: {k}"));
        });
        Assert.True(pages.Count >= 10, $"the crawl reached only {string.Join(", ", pages)}");
        Assert.True(wide.Count == 0, $"{wide.Count} of {pages.Count} pages do not fit a {Width} px window:\n{string.Join('\n', wide)}");
    }

    [Fact]
    public async Task Every_partnership_tab_can_be_scrolled_into_view_and_clicked_on_a_phone()
    {
        var page = await server.NewPageAsync(Width, Height);
        await page.SignInAsync("leo.lead@nordlab.example");
        var tabs = page.Locator(".partnership-tabs .nav-link");
        var count = await tabs.CountAsync();
        Assert.True(count >= 9, $"{count} tabs");

        for (var i = 0; i < count; i++)
        {
            var tab = tabs.Nth(i);
            var href = await tab.GetAttributeAsync("href");
            await tab.ScrollIntoViewIfNeededAsync();
            var box = await tab.BoundingBoxAsync();
            Assert.True(box is not null && box.X >= 0 && box.X + box.Width <= Width, $"{href} lies at {box?.X}–{box?.X + box?.Width}");
            await tab.ClickAsync();
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == href);

            // The page it opens shows its own tab, marked, without the person scrolling the bar again.
            var active = page.Locator(".partnership-tabs .nav-link.active");
            Assert.Equal(href, await active.GetAttributeAsync("href"));
            var shown = await active.BoundingBoxAsync();
            Assert.True(shown is not null && shown.X >= 0 && shown.X + shown.Width <= Width, $"{href} is active but lies at {shown?.X}–{shown?.X + shown?.Width}");
        }
    }
}
