using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Database;
using Portal.Data.Organisations;
using Portal.Data.Partnerships;
using Portal.Data.Tenancy;
using Portal.Web.Pages;
using Portal.Web.Seed;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Pages;

/// <summary>
/// The credit page on Arcadia's partnership (customer A of the tenancy probes is Nordlab, whose credit must stay put
/// while those probes run). Requests the tests file are told apart by a reason with a fresh id.
/// </summary>
public sealed class CreditPagesTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task Both_sides_see_the_position_chart_aging_and_arrangements_and_only_finance_gets_decision_buttons(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var arcadia = await ArcadiaAsync(portal);
        using var customer = await WebSession.SignInAsync(portal, "carl.engineer@arcadia.example");
        using var finance = await WebSession.SignInAsync(portal, "fay.finance@helix.example");

        var (status, body, _) = await customer.GetAsync($"/p/{arcadia}/credit");
        var (_, financeBody, _) = await finance.GetAsync($"/p/{arcadia}/credit");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("data-credit-chart=\"{&quot;currency&quot;:&quot;USD&quot;,&quot;labels&quot;:[", body);
        Assert.Contains("/lib/chartjs/chart.umd.min.js", body);
        Assert.Equal(12, Regex.Count(Between(body, "data-testid=\"series-table\"", "</table>"), "<tr><td>"));
        Assert.Equal(5, Regex.Count(Between(body, "data-testid=\"aging\"", "</table>"), "data-bucket="));
        Assert.Contains("Declined", Between(body, "data-testid=\"arrangements\"", "</ul>"));
        Assert.Contains("data-testid=\"deferral-form\"", body);
        Assert.DoesNotContain("data-testid=\"line-form\"", body);
        Assert.DoesNotContain("data-testid=\"approve\"", body);
        Assert.Contains("data-testid=\"line-form\"", financeBody);
    }

    [Theory, OnBothDatabases]
    public async Task Open_invoices_are_searched_by_number_and_a_search_without_match_says_so(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var arcadia = await ArcadiaAsync(portal);
        using var customer = await WebSession.SignInAsync(portal, "carl.engineer@arcadia.example");

        var (_, all, _) = await customer.GetAsync($"/p/{arcadia}/credit");
        var first = Regex.Match(Between(all, "data-testid=\"open-invoices\"", "</table>"), "data-invoice=\"([^\"]+)\"").Groups[1].Value;
        var (status, found, _) = await customer.GetAsync($"/p/{arcadia}/credit?Invoice={Uri.EscapeDataString(first.ToLowerInvariant())}");
        var (_, none, _) = await customer.GetAsync($"/p/{arcadia}/credit?Invoice=no-such-invoice");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([first], Regex.Matches(Between(found, "data-testid=\"open-invoices\"", "</table>"), "data-invoice=\"([^\"]+)\"").Select(m => m.Groups[1].Value));
        Assert.Contains("No open invoice number contains", none);
        Assert.DoesNotContain("data-testid=\"open-invoices\"", none);
        // The figures above the list do not follow the search.
        Assert.Equal(Regex.Match(all, "data-testid=\"exposure\">(.*?)</div>").Value, Regex.Match(none, "data-testid=\"exposure\">(.*?)</div>").Value);
    }

    [Theory, OnBothDatabases]
    public async Task Request_forms_show_clear_field_errors_and_file_nothing(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var arcadia = await ArcadiaAsync(portal);
        using var customer = await WebSession.SignInAsync(portal, "carl.engineer@arcadia.example");
        var before = await ArrangementCountAsync(portal, arcadia);

        var (status, extension, _) = await customer.PostAsync($"/p/{arcadia}/credit?handler=Extension", new()
        {
            ["Extension.Amount"] = "0", ["Extension.Currency"] = "USD", ["Extension.StartsOn"] = "2026-05-10", ["Extension.EndsOn"] = "2026-05-01", ["Extension.Reason"] = " ",
        });
        var (_, currency, _) = await customer.PostAsync($"/p/{arcadia}/credit?handler=Extension", new()
        {
            ["Extension.Amount"] = "12.345", ["Extension.Currency"] = "EUR", ["Extension.StartsOn"] = "2026-05-01", ["Extension.EndsOn"] = "2026-06-01", ["Extension.Reason"] = "Growth",
        });
        var (_, deferral, _) = await customer.PostAsync($"/p/{arcadia}/credit?handler=Deferral", new()
        {
            ["Deferral.DeferralDays"] = "30", ["Deferral.Currency"] = "EUR", ["Deferral.StartsOn"] = "2026-05-01", ["Deferral.EndsOn"] = "2026-06-01", ["Deferral.Reason"] = "Flood",
        });

        Assert.Equal(HttpStatusCode.OK, status);
        var decoded = WebUtility.HtmlDecode(extension);
        Assert.Contains("The extra limit must be more than zero.", decoded);
        Assert.Contains("The end must be after the start.", decoded);
        Assert.Contains("Give a reason for the request.", decoded);
        Assert.Contains(MoneyAmount.FinerThanACent, WebUtility.HtmlDecode(currency));
        Assert.Contains("Choose at least one open invoice to defer.", WebUtility.HtmlDecode(deferral));
        Assert.Contains("requests in another currency are refused", WebUtility.HtmlDecode(deferral));
        Assert.Equal(before, await ArrangementCountAsync(portal, arcadia));
    }

    [Theory, OnBothDatabases]
    public async Task Only_finance_decides_and_never_on_its_own_request(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var arcadia = await ArcadiaAsync(portal);
        using var customer = await WebSession.SignInAsync(portal, "lara.lead@arcadia.example");
        using var lead = await WebSession.SignInAsync(portal, "bruno.lead@helix.example");
        using var finance = await WebSession.SignInAsync(portal, "fay.finance@helix.example");
        var reason = $"Trade fair stock {Guid.NewGuid():N}";

        var (asked, _, _) = await customer.PostAsync($"/p/{arcadia}/credit?handler=Extension", ExtensionValues(reason));
        var id = await ArrangementIdAsync(portal, reason);
        var (byCustomer, _, customerLocation) = await customer.PostAsync($"/p/{arcadia}/credit?handler=Approve&arrangementId={id}", []);
        var (byLead, _, leadLocation) = await lead.PostAsync($"/p/{arcadia}/credit?handler=Approve&arrangementId={id}", []);
        var (declineWithoutNote, declineBody, _) = await finance.PostAsync($"/p/{arcadia}/credit?handler=Decline&arrangementId={id}", []);
        var (approved, _, _) = await finance.PostAsync($"/p/{arcadia}/credit?handler=Approve&arrangementId={id}", new() { ["DecisionNote"] = "OK for the fair" });

        Assert.Equal(HttpStatusCode.Redirect, asked);
        AssertRefused(byCustomer, customerLocation);
        AssertRefused(byLead, leadLocation);
        Assert.Equal(HttpStatusCode.OK, declineWithoutNote);
        Assert.Contains("Say why the request is declined.", WebUtility.HtmlDecode(declineBody));
        Assert.Equal(HttpStatusCode.Redirect, approved);
        Assert.Equal("Approved", await StateAsync(portal, id));

        var ownReason = $"Finance's own request {Guid.NewGuid():N}";
        await finance.PostAsync($"/p/{arcadia}/credit?handler=Extension", ExtensionValues(ownReason));
        var own = await ArrangementIdAsync(portal, ownReason);
        var (_, page, _) = await finance.GetAsync($"/p/{arcadia}/credit");
        var (ownStatus, ownBody, _) = await finance.PostAsync($"/p/{arcadia}/credit?handler=Approve&arrangementId={own}", []);
        Assert.Contains("data-testid=\"four-eyes\"", page);
        Assert.Equal(HttpStatusCode.OK, ownStatus);
        Assert.Contains("Four-eyes rule", WebUtility.HtmlDecode(ownBody));
        Assert.Equal("Requested", await StateAsync(portal, own));
    }

    [Theory, OnBothDatabases]
    public async Task Finance_sees_pending_requests_first_with_utilisation_and_overlaps_and_a_decline_without_a_note_is_refused_beside_it(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var arcadia = await ArcadiaAsync(portal);
        using var customer = await WebSession.SignInAsync(portal, "lara.lead@arcadia.example");
        using var finance = await WebSession.SignInAsync(portal, "fay.finance@helix.example");
        var (first, second) = ($"Fair stock {Guid.NewGuid():N}", $"Second fair {Guid.NewGuid():N}");
        await customer.PostAsync($"/p/{arcadia}/credit?handler=Extension", ExtensionValues(first));
        await customer.PostAsync($"/p/{arcadia}/credit?handler=Extension", ExtensionValues(second));
        var id = await ArrangementIdAsync(portal, first);

        var (_, page, _) = await finance.GetAsync($"/p/{arcadia}/credit");
        var (_, customerPage, _) = await customer.GetAsync($"/p/{arcadia}/credit");
        var (declined, body, _) = await finance.PostAsync($"/p/{arcadia}/credit?handler=Decline&arrangementId={id}", []);

        var request = WebUtility.HtmlDecode(Between(Between(page, "data-testid=\"pending-decisions\"", "data-testid=\"effective-limit\""), $"id=\"pending-{id}\"", "</li>"));
        Assert.Matches(@"Utilisation on today: <strong>[\d.,]+ %</strong> now, <strong>[\d.,]+ %</strong> if approved", request);
        Assert.Contains("data-testid=\"overlap-warning\"", request);
        Assert.Contains("data-needs=\"DecisionNote\"", request);
        Assert.DoesNotContain("pending-decisions", customerPage);
        Assert.Equal(HttpStatusCode.OK, declined);
        Assert.Contains("Say why the request is declined.", WebUtility.HtmlDecode(Between(body, $"id=\"pending-{id}\"", "</li>")));
        Assert.Equal("Requested", await StateAsync(portal, id));
    }

    [Theory, OnBothDatabases]
    public async Task The_requester_withdraws_a_pending_request_from_the_page_and_nobody_else_can(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var arcadia = await ArcadiaAsync(portal);
        using var customer = await WebSession.SignInAsync(portal, "carl.engineer@arcadia.example");
        using var customerLead = await WebSession.SignInAsync(portal, "lara.lead@arcadia.example");
        var reason = $"Withdrawn later {Guid.NewGuid():N}";
        await customer.PostAsync($"/p/{arcadia}/credit?handler=Extension", ExtensionValues(reason));
        var id = await ArrangementIdAsync(portal, reason);

        var (_, own, _) = await customer.GetAsync($"/p/{arcadia}/credit");
        var (_, others, _) = await customerLead.GetAsync($"/p/{arcadia}/credit");
        var (byLead, leadBody, _) = await customerLead.PostAsync($"/p/{arcadia}/credit?handler=Withdraw&arrangementId={id}", []);
        var stateAfterLead = await StateAsync(portal, id);
        var (withdrawn, _, location) = await customer.PostAsync($"/p/{arcadia}/credit?handler=Withdraw&arrangementId={id}", []);

        Assert.Contains($"data-testid=\"withdraw-{id}\"", own);
        Assert.DoesNotContain($"data-testid=\"withdraw-{id}\"", others);
        Assert.Equal(HttpStatusCode.OK, byLead);
        Assert.Contains("Only the person who asked can withdraw the request.", WebUtility.HtmlDecode(leadBody));
        Assert.Equal("Requested", stateAfterLead);
        Assert.Equal((HttpStatusCode.Redirect, $"/p/{arcadia}/credit"), (withdrawn, location));
        Assert.Equal("Withdrawn", await StateAsync(portal, id));
    }

    [Theory, OnBothDatabases]
    public async Task Only_finance_or_an_admin_changes_the_line_and_a_bad_limit_is_a_field_error(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var arcadia = await ArcadiaAsync(portal);
        using var lead = await WebSession.SignInAsync(portal, "bruno.lead@helix.example");
        using var finance = await WebSession.SignInAsync(portal, "fay.finance@helix.example");
        var values = new Dictionary<string, string> { ["Line.Limit"] = "250000.00", ["Line.Currency"] = "USD", ["Line.PaymentTermsDays"] = "45" };

        var (refused, refusedBody, location) = await lead.PostAsync($"/p/{arcadia}/credit?handler=Line", values);
        var (invalid, body, _) = await finance.PostAsync($"/p/{arcadia}/credit?handler=Line", new(values) { ["Line.Limit"] = "lots" });
        var (subCent, subCentBody, _) = await finance.PostAsync($"/p/{arcadia}/credit?handler=Line", new(values) { ["Line.Limit"] = "250000.005" });

        AssertRefused(refused, location);
        Assert.Contains("Credit lines are set by the supplier&#x27;s Finance team.", refusedBody);
        Assert.Equal(HttpStatusCode.OK, invalid);
        Assert.Contains(MoneyAmount.NotAnAmount, WebUtility.HtmlDecode(body));
        Assert.Equal(HttpStatusCode.OK, subCent);
        Assert.Contains(MoneyAmount.FinerThanACent, WebUtility.HtmlDecode(subCentBody));
    }

    [Theory, OnBothDatabases]
    public async Task A_partnership_without_a_line_shows_an_empty_state_and_finance_sets_the_line_from_it(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var admin = new CallerScope { Kind = ActorKind.System, ActorName = "test", IsAdmin = true, IsSupplier = true, PartnershipIds = [] };
        var name = $"Lineless {Guid.NewGuid():N}";
        var customer = await portal.Services.GetRequiredService<OrganisationStore>().CreateAsync(admin, name, OrganisationKind.Customer, TestContext.Current.CancellationToken);
        var partnership = await portal.Services.GetRequiredService<PartnershipStore>().CreateAsync(admin, new PartnershipInput(name, customer.Id, "EUR", null, null), TestContext.Current.CancellationToken);
        using var hanna = await WebSession.SignInAsync(portal, "admin@helix.example");

        var (_, empty, _) = await hanna.GetAsync($"/p/{partnership.Id}/credit");
        var (saved, _, _) = await hanna.PostAsync($"/p/{partnership.Id}/credit?handler=Line", new()
        {
            ["Line.Limit"] = "25000.00", ["Line.Currency"] = "eur", ["Line.PaymentTermsDays"] = "30",
        });
        var (_, set, _) = await hanna.GetAsync($"/p/{partnership.Id}/credit");

        Assert.Contains("data-testid=\"credit-empty\"", empty);
        Assert.DoesNotContain("data-credit-chart", empty);
        Assert.Equal(HttpStatusCode.Redirect, saved);
        Assert.DoesNotContain("data-testid=\"credit-empty\"", set);
        Assert.Contains("EUR 25,000.00", set);
    }

    private static Dictionary<string, string> ExtensionValues(string reason)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return new()
        {
            ["Extension.Amount"] = "1000.00", ["Extension.Currency"] = "USD", ["Extension.StartsOn"] = $"{today:yyyy-MM-dd}",
            ["Extension.EndsOn"] = $"{today.AddDays(30):yyyy-MM-dd}", ["Extension.Reason"] = reason,
        };
    }

    private static void AssertRefused(HttpStatusCode status, string? location) =>
        Assert.True(status == HttpStatusCode.Forbidden || location?.Contains("access-denied", StringComparison.Ordinal) == true, $"got {status} {location}");

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"{start} not found");
        return text[from..text.IndexOf(end, from, StringComparison.Ordinal)];
    }

    private static async Task<long> ArcadiaAsync(PortalFactory portal)
    {
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT p.id FROM partnerships p JOIN organisations o ON o.id = p.customer_org_id WHERE o.name = @Name", new { DemoData.Arcadia.Name });
    }

    private static async Task<long> ArrangementCountAsync(PortalFactory portal, long partnershipId)
    {
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM credit_arrangements WHERE partnership_id = @partnershipId", new { partnershipId });
    }

    private static async Task<long> ArrangementIdAsync(PortalFactory portal, string reason)
    {
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT id FROM credit_arrangements WHERE reason = @reason", new { reason });
    }

    private static async Task<string> StateAsync(PortalFactory portal, long id)
    {
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<string>("SELECT state FROM credit_arrangements WHERE id = @id", new { id }) ?? "";
    }
}
