using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Database;
using Portal.Web.Seed;
using Portal.Web.Tests.Infrastructure;
using Portal.Web.Tests.Tenancy;

namespace Portal.Web.Tests.Pages;

/// <summary>
/// Every list downloads as CSV exactly what the page shows (search, filters, sort, all pages), as an uncached attachment,
/// and a person's download never holds another partnership's rows.
/// </summary>
public sealed partial class ListExportTests(PortalHosts hosts)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The list, the query the reader chose, and how its page names each row.
    private static readonly (string List, string Query)[] Lists =
    [
        ("design-requests", ""),
        ("design-requests", "?stage=Feasibility&sort=Title&dir=asc"),
        ("quality", "?sort=Severity&dir=asc"),
        ("quality", "?state=Open&q=a&sort=NextDue&dir=desc"),
        ("loans", "?q=a&sort=Equipment&dir=asc"),
    ];

    [Theory, OnBothDatabases]
    public async Task Each_list_downloads_the_rows_its_page_shows_in_the_same_order(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var nordlab = await PartnershipOfAsync(portal, DemoData.Nordlab.Name);
        using var customer = await WebSession.SignInAsync(portal, "leo.lead@nordlab.example");
        var shown = 0;

        foreach (var (list, query) in Lists)
        {
            var (status, page, body) = await SteadyAsync(customer, $"/p/{nordlab}/{list}{query}",
                $"-{list.Replace("quality", "quality-issues", StringComparison.Ordinal)}.csv", RecordNumbers);
            var lines = body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var onPage = RecordNumbers(page);
            List<string> inFile = [.. lines.Skip(1).Select(l => l.Split(',')[0])];

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.StartsWith("Number,", lines[0]);
            if (list == "loans")
            {
                // The loans page shows open loans as a board by state and the first page of closed ones in a table: another order.
                Assert.Subset(inFile.ToHashSet(), onPage.ToHashSet());
            }
            else
            {
                // The page shows the first page of the file's rows, in its order, and counts them all.
                Assert.Equal(onPage, inFile.Take(onPage.Count));
                Assert.Equal(Total(page), inFile.Count);
            }
            shown += onPage.Count;
        }
        Assert.True(shown > 0, "the demo has records to list");
    }

    [Theory, OnBothDatabases]
    public async Task Penalty_credits_download_as_the_page_lists_them(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var nordlab = await PartnershipOfAsync(portal, DemoData.Nordlab.Name);
        using var customer = await WebSession.SignInAsync(portal, "leo.lead@nordlab.example");

        var (_, page, _) = await customer.GetAsync($"/p/{nordlab}/guarantees/credits");
        var lines = (await CsvOfAsync(customer, $"/p/{nordlab}/guarantees/credits", "-penalty-credits.csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.StartsWith("Credit,Guarantee,", lines[0]);
        Assert.Equal(CreditId().Matches(page).Select(m => m.Groups[1].Value), lines.Skip(1).Select(l => l.Split(',')[0]));
    }

    [Theory, OnBothDatabases]
    public async Task The_trail_downloads_every_entry_its_filters_select_as_the_page_tells_them(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var nordlab = await PartnershipOfAsync(portal, DemoData.Nordlab.Name);
        using var customer = await WebSession.SignInAsync(portal, "leo.lead@nordlab.example");

        foreach (var query in new[] { "", "?entity=QualityIssue" })
        {
            var (_, page, body) = await SteadyAsync(customer, $"/p/{nordlab}/trail{query}", "-trail.csv", TrailSentences);
            var sentences = TrailSentences(page);

            Assert.StartsWith("OccurredUtc,Who,What,Action,Entry,", body);
            Assert.NotEmpty(sentences);
            var at = 0;
            foreach (var sentence in sentences)
            {
                at = body.IndexOf(sentence, at, StringComparison.Ordinal);
                Assert.True(at > 0, $"the CSV tells “{sentence}” in the page's order");
            }
            Assert.Equal(Total(page), body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Count(l => char.IsAsciiDigit(l[0])));
        }
    }

    [Theory, OnBothDatabases]
    public async Task Guarantees_download_every_period_the_page_shows(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var nordlab = await PartnershipOfAsync(portal, DemoData.Nordlab.Name);
        using var customer = await WebSession.SignInAsync(portal, "leo.lead@nordlab.example");

        var (_, page, _) = await customer.GetAsync($"/p/{nordlab}/guarantees");
        var rows = (await CsvOfAsync(customer, $"/p/{nordlab}/guarantees", "-guarantees.csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var limited = PeriodsLimited().Matches(page).ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        // The page shows each guarantee's latest periods and says how many there are; the file holds them all.
        var shown = GuaranteeResult().Matches(page).GroupBy(m => m.Groups[1].Value).Select(g => (g.Key, limited.GetValueOrDefault(g.Key, g.Count()))).ToList();

        Assert.StartsWith("Guarantee,Metric,", rows[0]);
        Assert.NotEmpty(shown);
        Assert.Equal(shown, rows.Skip(1).GroupBy(r => r.Split(',')[0]).Select(g => (g.Key, g.Count())));
    }

    [Theory, OnBothDatabases]
    public async Task Open_invoices_download_every_page_of_the_number_search(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var nordlab = await PartnershipOfAsync(portal, DemoData.Nordlab.Name);
        using var customer = await WebSession.SignInAsync(portal, "leo.lead@nordlab.example");

        foreach (var query in new[] { "", "?Invoice=1" })
        {
            var (_, page, _) = await customer.GetAsync($"/p/{nordlab}/credit{query}");
            var rows = (await CsvOfAsync(customer, $"/p/{nordlab}/credit{query}", "-open-invoices.csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            List<string> onPage = [.. InvoiceNumber().Matches(page).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

            Assert.StartsWith("Invoice,IssuedOn,", rows[0]);
            Assert.NotEmpty(onPage);
            Assert.Equal(onPage, rows.Skip(1).Take(onPage.Count).Select(r => r.Split(',')[0]));
            Assert.Equal(Total(page), rows.Length - 1);
        }
    }

    [Theory, OnBothDatabases]
    public async Task Another_customers_downloads_hold_only_their_own_partnerships_rows(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var arcadia = await PartnershipOfAsync(portal, DemoData.Arcadia.Name);
        using var outsider = await WebSession.SignInAsync(portal, "carl.engineer@arcadia.example");

        foreach (var list in new[] { "design-requests", "quality", "loans", "guarantees/credits", "guarantees", "trail", "credit" })
        {
            using var csv = await outsider.GetResponseAsync($"/p/{arcadia}/{list}?handler=Csv");
            var body = await csv.Content.ReadAsStringAsync(Ct);

            // A partnership without a credit line has no open invoices to download.
            Assert.Equal(list == "credit" && csv.StatusCode == HttpStatusCode.NotFound ? HttpStatusCode.NotFound : HttpStatusCode.OK, csv.StatusCode);
            // Arcadia's own trail quotes a supplier's note that names Nordlab (why a loan was declined): its people and records stay out.
            var markers = list == "trail" ? CustomerA.Markers.Where(m => !m.Equals("Nordlab", StringComparison.OrdinalIgnoreCase)) : CustomerA.Markers;
            Assert.DoesNotContain(markers, m => body.Contains(m, StringComparison.Ordinal));
            Assert.DoesNotContain("NOR-", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text()
    {
        var result = (Microsoft.AspNetCore.Mvc.FileStreamResult)await Portal.Web.Lists.CsvDownload.FileAsync(
            new Microsoft.AspNetCore.Http.DefaultHttpContext().Response, new[] { new Cell("=HYPERLINK(\"x\")"), new Cell("-2+3"), new Cell("plain") }, "x.csv", Ct);
        using var reader = new StreamReader(result.FileStream);

        Assert.Equal(["Text", "\"'=HYPERLINK(\"\"x\"\")\"", "\"'-2+3\"", "plain"], (await reader.ReadToEndAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>
    /// Reads the page, its file and the page again until both page reads show the same: other tests write to the demo
    /// partnership while this one reads, and comparing a page with a file only means something when nothing changed in between.
    /// </summary>
    private static async Task<(HttpStatusCode Status, string Page, string Body)> SteadyAsync(
        WebSession session, string page, string fileNameEnd, Func<string, List<string>> shows)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (status, before, _) = await session.GetAsync(page);
            var body = await CsvOfAsync(session, page, fileNameEnd);
            var (_, after, _) = await session.GetAsync(page);
            if (attempt == 5 || (shows(before).SequenceEqual(shows(after)) && Total(before) == Total(after)))
            {
                return (status, before, body);
            }
        }
    }

    private static List<string> RecordNumbers(string page) => [.. RecordNumber().Matches(page).Select(m => m.Groups[1].Value)];

    /// <summary>The trail's sentences as the CSV quotes them.</summary>
    private static List<string> TrailSentences(string page) =>
        [.. TrailSentence().Matches(page).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value).Replace("\"", "\"\"", StringComparison.Ordinal))];

    private static async Task<string> CsvOfAsync(WebSession session, string page, string fileNameEnd)
    {
        using var csv = await session.GetResponseAsync($"{page}{(page.Contains('?', StringComparison.Ordinal) ? "&" : "?")}handler=Csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", csv.Headers.CacheControl?.ToString());
        Assert.Equal("attachment", csv.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(fileNameEnd, csv.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        return await csv.Content.ReadAsStringAsync(Ct);
    }

    /// <summary>"2 entries" or "Page 1 of 3 · 61 entries" under a list; a list of one page without entries says none.</summary>
    private static int Total(string page) =>
        ListCount().Match(page) is { Success: true } m ? int.Parse(m.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"data-testid=""list-count"">[^<]*?([\d,]+) entr")]
    private static partial Regex ListCount();

    [GeneratedRegex(@"class=""trail-sentence"">\s*(?:<span>|<a href=""[^""]*"">)([^<]*)<")]
    private static partial Regex TrailSentence();

    [GeneratedRegex(@"data-testid=""result-(\d+)-\d{4}-\d{2}""")]
    private static partial Regex GuaranteeResult();

    [GeneratedRegex(@"data-testid=""periods-limited-(\d+)"">\s*The latest \d+ of (\d+) periods")]
    private static partial Regex PeriodsLimited();

    [GeneratedRegex(@"<tr data-invoice=""([^""]*)""")]
    private static partial Regex InvoiceNumber();

    [CsvHelper.CsvRecord]
    internal sealed partial record Cell(string Text);

    [GeneratedRegex(@"class=""[^""]*record-number[^""]*""[^>]*>([^<]+)<")]
    private static partial Regex RecordNumber();

    [GeneratedRegex(@"data-testid=""credit-(\d+)""")]
    private static partial Regex CreditId();

    private static async Task<long> PartnershipOfAsync(PortalFactory portal, string customer)
    {
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(Ct);
        return await connection.ExecuteScalarAsync<long>("SELECT p.id FROM partnerships p JOIN organisations o ON o.id = p.customer_org_id WHERE o.name = @customer", new { customer });
    }
}
