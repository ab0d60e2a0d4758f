using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Database;
using Portal.Data.Scorecards;
using Portal.Web.Seed;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Pages;

public sealed class HealthPagesTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task Both_companies_read_the_whole_scorecard_and_download_its_history_as_csv(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var nordlab = await NordlabAsync(portal);
        using var customer = await WebSession.SignInAsync(portal, "leo.lead@nordlab.example");

        var (status, page, _) = await customer.GetAsync($"/p/{nordlab}/health");
        using var csv = await customer.GetResponseAsync($"/p/{nordlab}/health?handler=Csv");
        var lines = (await csv.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("data-testid=\"metrics-Supplier\"", page);
        Assert.Contains("data-testid=\"metrics-Customer\"", page);
        Assert.Contains("No data", page);
        Assert.DoesNotContain("data-testid=\"recompute-form\"", page);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("Month,Revision,Side,Metric,Label,Value", lines[0]);
        var months = await MonthsAsync(portal, nordlab);
        Assert.Equal(months * ScorecardRules.Definitions.Count, lines.Length - 1);
        Assert.Contains(lines, l => l.Contains(",OnTimeInFull,On time in full,", StringComparison.Ordinal));
    }

    [Theory, OnBothDatabases]
    public async Task An_account_lead_recomputes_a_month_with_a_reason_and_customers_never_reach_the_portfolio(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var nordlab = await NordlabAsync(portal);
        var month = DateTime.UtcNow.AddMonths(-3).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        using var lead = await WebSession.SignInAsync(portal, "alice.lead@helix.example");
        using var engineer = await WebSession.SignInAsync(portal, "erin.engineer@helix.example");
        using var customer = await WebSession.SignInAsync(portal, "leo.lead@nordlab.example");

        var empty = await lead.PostAsync($"/p/{nordlab}/health?handler=Recompute&month={month}", new() { ["Reason"] = " " });
        var done = await lead.PostAsync($"/p/{nordlab}/health?handler=Recompute&month={month}", new() { ["Reason"] = "The ERP resent October's receipts" });
        var (_, page, _) = await lead.GetAsync($"/p/{nordlab}/health?month={month}");
        var (portfolio, body, _) = await lead.GetAsync("/portfolio");

        Assert.Contains("Say why the month is computed again.", empty.Body);
        Assert.Equal(HttpStatusCode.Redirect, done.Status);
        Assert.Contains("The ERP resent October&#x27;s receipts", page);
        Assert.Equal(HttpStatusCode.OK, portfolio);
        Assert.Contains(DemoData.Nordlab.PartnershipName.Replace("⇄", "&#x21C4;", StringComparison.Ordinal), body);
        Assert.DoesNotContain("Arcadia", body);
        Assert.NotEqual(HttpStatusCode.OK, (await engineer.GetAsync("/portfolio")).Status);
        Assert.NotEqual(HttpStatusCode.OK, (await customer.GetAsync("/portfolio")).Status);
        var refused = await customer.PostAsync($"/p/{nordlab}/health?handler=Recompute&month={month}", new() { ["Reason"] = "customer" });
        Assert.True(refused.Status == HttpStatusCode.Forbidden || refused.Location?.Contains("/account/access-denied", StringComparison.Ordinal) == true,
            $"{refused.Status} {refused.Location}");
    }

    private static async Task<long> NordlabAsync(PortalFactory portal)
    {
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT p.id FROM partnerships p JOIN organisations o ON o.id = p.customer_org_id WHERE o.name = @Name", new { DemoData.Nordlab.Name });
    }

    private static async Task<long> MonthsAsync(PortalFactory portal, long partnershipId)
    {
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT month) FROM scorecard_snapshots WHERE partnership_id = @partnershipId", new { partnershipId });
    }
}
