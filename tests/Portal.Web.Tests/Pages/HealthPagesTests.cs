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

    [Theory, OnBothDatabases]
    public async Task The_account_people_of_both_companies_close_an_alert_others_are_refused_and_a_second_close_says_so(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var nordlab = await NordlabAsync(portal);
        var arcadia = await PartnershipOfAsync(portal, DemoData.Arcadia.Name);
        var alert = await AlertAsync(portal, nordlab, new DateOnly(2001, 1, 1));
        using var lead = await WebSession.SignInAsync(portal, "alice.lead@helix.example");
        using var engineer = await WebSession.SignInAsync(portal, "nina.engineer@nordlab.example");
        using var customerLead = await WebSession.SignInAsync(portal, "leo.lead@nordlab.example");
        using var otherLead = await WebSession.SignInAsync(portal, "bruno.lead@helix.example");
        var close = $"/p/{nordlab}/health?handler=CloseAlert&alertId={alert}";

        var (_, leadPage, _) = await lead.GetAsync($"/p/{nordlab}/health");
        var (_, engineerPage, _) = await engineer.GetAsync($"/p/{nordlab}/health");
        var refused = await engineer.PostAsync(close, new() { ["Note"] = "engineer" });
        var elsewhere = await otherLead.PostAsync($"/p/{arcadia}/health?handler=CloseAlert&alertId={alert}", new() { ["Note"] = "wrong partnership" });
        var done = await customerLead.PostAsync(close, new() { ["Note"] = "Agreed in the review" });
        var (_, after, _) = await lead.GetAsync($"/p/{nordlab}/health");
        var again = await lead.PostAsync(close, new() { ["Note"] = "" });
        var (_, trail, _) = await lead.GetAsync($"/p/{nordlab}/trail?entity=HealthAlert");

        Assert.Contains($"data-testid=\"close-alert-{alert}\"", leadPage);
        Assert.Contains("data-confirm=\"Close the January 2001 alert", leadPage);
        Assert.Contains($"data-testid=\"alert-{alert}\"", engineerPage);
        Assert.DoesNotContain($"data-testid=\"close-alert-{alert}\"", engineerPage);
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Contains("Health alerts are closed by the supplier&#x27;s admins and account leads or by the customer&#x27;s lead.", refused.Body);
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.Status);
        Assert.Equal(HttpStatusCode.Redirect, done.Status);
        Assert.DoesNotContain($"data-testid=\"alert-{alert}\"", after);
        Assert.Contains("This health alert was closed already by Leo Nystr", again.Body);
        Assert.Contains("closed the health alert of January 2001", trail);
        Assert.Contains("Agreed in the review", trail);
    }

    [Theory, OnBothDatabases]
    public async Task The_portfolio_filters_by_name_says_when_nothing_matches_and_answers_a_bad_query_with_a_message(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var nordlabId = await NordlabAsync(portal);
        var arcadiaId = await PartnershipOfAsync(portal, DemoData.Arcadia.Name);
        using var admin = await WebSession.SignInAsync(portal, "admin@helix.example");

        var (_, nordlab, _) = await admin.GetAsync("/portfolio?q=NORDLAB&sort=trend&state=all&side=either&alerts=false");
        var (_, nothing, _) = await admin.GetAsync("/portfolio?q=no-such-partnership");
        var (bad, message, _) = await admin.GetAsync("/portfolio?state=purple&sort=sideways&alerts=maybe&pageNumber=0");
        var (late, beyond, _) = await admin.GetAsync("/portfolio?pageNumber=99");

        Assert.Contains($"data-partnership=\"{nordlabId}\"", nordlab);
        Assert.DoesNotContain($"data-partnership=\"{arcadiaId}\"", nordlab);
        Assert.Contains("data-testid=\"no-portfolio\"", nothing);
        Assert.Contains("No partnership matches these filters", nothing);
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Contains("“purple” is not a grade the portfolio knows: use all, red, amber, green, insufficient.", System.Net.WebUtility.HtmlDecode(message));
        Assert.Contains("“sideways” is not a sort", System.Net.WebUtility.HtmlDecode(message));
        Assert.Contains("“maybe” is not a yes or no", System.Net.WebUtility.HtmlDecode(message));
        Assert.Contains("“0” is not a page number", System.Net.WebUtility.HtmlDecode(message));
        Assert.DoesNotContain("data-testid=\"portfolio-row\"", message);
        Assert.Equal(HttpStatusCode.OK, late);
        Assert.Contains("No partnership matches these filters on this page", beyond);
    }

    private static async Task<long> NordlabAsync(PortalFactory portal)
    {
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT p.id FROM partnerships p JOIN organisations o ON o.id = p.customer_org_id WHERE o.name = @Name", new { DemoData.Nordlab.Name });
    }

    private static async Task<long> PartnershipOfAsync(PortalFactory portal, string customer)
    {
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT p.id FROM partnerships p JOIN organisations o ON o.id = p.customer_org_id WHERE o.name = @customer", new { customer });
    }

    /// <summary>An open alert of its own (a month long past) on the partnership's latest snapshot: the demo's alert stays for the other tests.</summary>
    private static async Task<long> AlertAsync(PortalFactory portal, long partnershipId, DateOnly month)
    {
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO health_alerts (partnership_id, snapshot_id, month, side, from_state, to_state, from_score_milli, to_score_milli, raised_at, state)
            SELECT @partnershipId, MAX(s.id), @month, 'Customer', 'Green', 'Red', 95000, 40000, @Now, 'Open' FROM scorecard_snapshots s WHERE s.partnership_id = @partnershipId
            RETURNING id
            """, new { partnershipId, month, Now = DateTimeOffset.UtcNow });
    }

    private static async Task<long> MonthsAsync(PortalFactory portal, long partnershipId)
    {
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT month) FROM scorecard_snapshots WHERE partnership_id = @partnershipId", new { partnershipId });
    }
}
