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
            var (status, page, _) = await customer.GetAsync($"/p/{nordlab}/{list}{query}");
            using var csv = await customer.GetResponseAsync($"/p/{nordlab}/{list}{(query.Length == 0 ? "?" : query + "&")}handler=Csv");
            var lines = (await csv.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            List<string> onPage = [.. RecordNumber().Matches(page).Select(m => m.Groups[1].Value)];
            List<string> inFile = [.. lines.Skip(1).Select(l => l.Split(',')[0])];

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
            Assert.Equal("no-store", csv.Headers.CacheControl?.ToString());
            Assert.Equal("attachment", csv.Content.Headers.ContentDisposition?.DispositionType);
            Assert.EndsWith($"-{list.Replace("quality", "quality-issues", StringComparison.Ordinal)}.csv", csv.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
            Assert.StartsWith("Number,", lines[0]);
            // The loans page shows open loans as a board by state and closed ones in a table: the same rows, another order.
            Assert.Equal(list == "loans" ? [.. inFile.Order()] : inFile, list == "loans" ? [.. onPage.Order()] : onPage);
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
        using var csv = await customer.GetResponseAsync($"/p/{nordlab}/guarantees/credits?handler=Csv");
        var lines = (await csv.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.StartsWith("Credit,Guarantee,", lines[0]);
        Assert.Equal(CreditId().Matches(page).Select(m => m.Groups[1].Value), lines.Skip(1).Select(l => l.Split(',')[0]));
    }

    [Theory, OnBothDatabases]
    public async Task Another_customers_downloads_hold_only_their_own_partnerships_rows(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var arcadia = await PartnershipOfAsync(portal, DemoData.Arcadia.Name);
        using var outsider = await WebSession.SignInAsync(portal, "carl.engineer@arcadia.example");

        foreach (var list in new[] { "design-requests", "quality", "loans", "guarantees/credits" })
        {
            using var csv = await outsider.GetResponseAsync($"/p/{arcadia}/{list}?handler=Csv");
            var body = await csv.Content.ReadAsStringAsync(Ct);

            Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
            Assert.DoesNotContain(CustomerA.Markers, m => body.Contains(m, StringComparison.Ordinal));
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
