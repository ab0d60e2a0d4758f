using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.BrowserTests;

/// <summary>
/// The pages a signed-in person reaches by following the portal's own links from where sign-in lands: breadth
/// first, same-origin GET links only, one page per path pattern (ids and queries ignored), at most
/// <see cref="MaxPages"/>. Downloads (CSV, PDF, calendar files, attachments) are not pages and are skipped.
/// </summary>
public static partial class SiteCrawl
{
    public const int MaxPages = 40;

    // The Hangfire dashboard is a third-party UI with its own rules; signing out would end the crawl.
    private static readonly string[] Excluded = ["/jobs", "/account/logout", "/account/login", "/error"];

    public static async Task<IReadOnlyList<string>> VisitAsync(IPage page, Func<string, Task> onPage)
    {
        var start = new Uri(page.Url).PathAndQuery;
        var queue = new Queue<string>([start]);
        var seen = new HashSet<string> { Pattern(start) };
        var visited = new List<string>();
        while (queue.Count > 0 && visited.Count < MaxPages)
        {
            var path = queue.Dequeue();
            var probe = await page.APIRequest.GetAsync(path);
            if (probe.Headers.GetValueOrDefault("content-type")?.StartsWith("text/html", StringComparison.Ordinal) != true)
            {
                continue;
            }
            var response = await page.GotoAsync(path);
            Assert.True(response?.Ok == true, $"{path} answered {response?.Status}");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            visited.Add(path);
            await onPage(path);

            var links = await page.EvaluateAsync<string[]>("""
                () => Array.from(document.querySelectorAll('a[href]'))
                    .filter(a => !a.hasAttribute('download') && a.origin === location.origin)
                    .map(a => a.pathname + a.search)
                """);
            foreach (var link in links)
            {
                var pathOnly = link.Split('?')[0];
                if (!Excluded.Any(e => pathOnly.StartsWith(e, StringComparison.OrdinalIgnoreCase)) && seen.Add(Pattern(link)))
                {
                    queue.Enqueue(link);
                }
            }
        }
        return visited;
    }

    /// <summary>
    /// "/p/3/quality/17?tab=x" and "/p/1/quality/2" are the same page, and so are "/p/1/health/2026-11/QualityPpm" and
    /// "/p/2/health/2026-10/OnTimeInFull": route words are lower case, so a segment with a digit or a capital is a value.
    /// </summary>
    private static string Pattern(string pathAndQuery) => ValueSegment().Replace(pathAndQuery.Split('?')[0].TrimEnd('/'), "/#");

    [GeneratedRegex(@"/[^/]*[0-9A-Z][^/]*(?=/|$)")]
    private static partial Regex ValueSegment();
}
