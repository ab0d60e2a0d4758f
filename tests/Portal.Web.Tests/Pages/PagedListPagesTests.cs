using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Database;
using Portal.Data.Guarantees;
using Portal.Data.Loans;
using Portal.Data.Organisations;
using Portal.Data.Partnerships;
using Portal.Data.Tenancy;
using Portal.Data.Users;
using Portal.Data.Work;
using Portal.Web.Tests.Infrastructure;
using Portal.Web.Tests.Tenancy;

namespace Portal.Web.Tests.Pages;

/// <summary>
/// Lists that grow with use render one page and link to the next. Each test that adds rows the demo's other pages would
/// show starts a portal of its own, so that the shared one keeps the demo as the other tests expect it.
/// </summary>
public sealed class PagedListPagesTests(PortalHosts hosts)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, OnBothDatabases]
    public async Task Partnerships_and_organisations_render_a_page_at_a_time(DatabaseProvider provider)
    {
        await using var portal = new PortalFactory(provider);
        var admin = await ScopeOfAsync(portal, "admin@helix.example");
        for (var i = 0; i < 30; i++)
        {
            var customer = await portal.Services.GetRequiredService<OrganisationStore>().CreateAsync(admin, $"Customer {i:00}", OrganisationKind.Customer, Ct);
            await portal.Services.GetRequiredService<PartnershipStore>().CreateAsync(admin, new PartnershipInput($"Programme {i:00}", customer.Id, "EUR", null, null), Ct);
        }
        using var session = await WebSession.SignInAsync(portal, "admin@helix.example");

        var (status, home, _) = await session.GetAsync("/");
        var (_, homeLater, _) = await session.GetAsync("/?pageNumber=2");
        var (_, partnerships, _) = await session.GetAsync("/admin/partnerships");
        var (_, organisations, _) = await session.GetAsync("/admin/organisations");
        var (_, organisationsLater, _) = await session.GetAsync("/admin/organisations?pageNumber=2");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((PartnershipStore.PageSize, 32 - PartnershipStore.PageSize), (CountOf(home, "data-testid=\"partnership-card\""), CountOf(homeLater, "data-testid=\"partnership-card\"")));
        Assert.Contains("pageNumber=2", home);
        Assert.Equal(PartnershipStore.PageSize, RowsOf(partnerships, "partnerships-table"));
        Assert.Contains("Page 1 of 2 · 32 entries", partnerships);
        Assert.Equal((OrganisationStore.PageSize, 33 - OrganisationStore.PageSize), (RowsOf(organisations, "organisations-table"), RowsOf(organisationsLater, "organisations-table")));
    }

    [Theory, OnBothDatabases]
    public async Task The_header_switcher_lists_a_page_of_partnerships_and_names_the_current_one_beyond_it(DatabaseProvider provider)
    {
        await using var portal = new PortalFactory(provider);
        var admin = await ScopeOfAsync(portal, "admin@helix.example");
        var last = 0L;
        for (var i = 0; i < 30; i++)
        {
            var customer = await portal.Services.GetRequiredService<OrganisationStore>().CreateAsync(admin, $"Customer {i:00}", OrganisationKind.Customer, Ct);
            last = (await portal.Services.GetRequiredService<PartnershipStore>().CreateAsync(admin, new PartnershipInput($"Programme {i:00}", customer.Id, "EUR", null, null), Ct)).Id;
        }
        using var session = await WebSession.SignInAsync(portal, "admin@helix.example");

        var (_, home, _) = await session.GetAsync("/");
        var (status, beyond, _) = await session.GetAsync($"/p/{last}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(PartnershipStore.PageSize, CountOf(home, "data-testid=\"switcher-item\""));
        Assert.Contains("All 32 partnerships", home);
        Assert.Matches(@"data-testid=""partnership-switcher"">\s*Programme 29\s*</button>", beyond);
    }

    [Theory, OnBothDatabases]
    public async Task My_work_renders_a_page_at_a_time(DatabaseProvider provider)
    {
        await using var portal = new PortalFactory(provider);
        var quinn = await ScopeOfAsync(portal, "quinn.quality@helix.example");
        await using (var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(Ct))
        {
            // Thirty copies of an open issue with a step Quinn owns: more open work than a page.
            var source = await connection.QueryFirstAsync<(long IssueId, string Step)>(
                """
                SELECT s.issue_id, s.step FROM quality_issue_steps s JOIN quality_issues q ON q.id = s.issue_id
                WHERE s.owner_user_id = @Id AND s.done_at IS NULL AND q.state = 'Open' ORDER BY s.issue_id, s.step
                """, new { Id = quinn.ActorId });
            await connection.ExecuteAsync(
                """
                WITH RECURSIVE copies(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM copies WHERE n < 30)
                INSERT INTO quality_issues (partnership_id, title, description, severity, state, item_id, purchase_order_id, delivery_id, lot,
                    quantity_affected, quantity_inspected, raised_by_name, raised_by_customer, raised_at, containment_due_at)
                SELECT q.partnership_id, 'Page test', q.description, q.severity, q.state, q.item_id, q.purchase_order_id, q.delivery_id, q.lot,
                    q.quantity_affected, q.quantity_inspected, q.raised_by_name, q.raised_by_customer, q.raised_at, q.containment_due_at
                FROM quality_issues q CROSS JOIN copies WHERE q.id = @IssueId
                """, new { source.IssueId });
            await connection.ExecuteAsync(
                """
                INSERT INTO quality_issue_steps (issue_id, partnership_id, step, owner_user_id, due_at, details)
                SELECT q.id, q.partnership_id, s.step, s.owner_user_id, s.due_at, s.details
                FROM quality_issues q JOIN quality_issue_steps s ON s.issue_id = @IssueId AND s.step = @Step
                WHERE q.title = 'Page test'
                """, new { source.IssueId, source.Step });
        }
        var total = (await portal.Services.GetRequiredService<WorkStore>().GetPageAsync(quinn, 1, Ct)).Items.Total;
        using var session = await WebSession.SignInAsync(portal, "quinn.quality@helix.example");

        var (status, body, _) = await session.GetAsync("/my-work");
        var (_, later, _) = await session.GetAsync("/my-work?pageNumber=2");

        Assert.True(total > WorkStore.PageSize);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"{total} open items", body);
        Assert.Equal((WorkStore.PageSize, (int)total - WorkStore.PageSize), (RowsOf(body, "work-table"), RowsOf(later, "work-table")));
        Assert.Contains("pageNumber=2", body);
    }

    [Theory, OnBothDatabases]
    public async Task The_team_page_renders_a_page_of_people_at_a_time(DatabaseProvider provider)
    {
        await using var portal = new PortalFactory(provider);
        var lead = await ScopeOfAsync(portal, "leo.lead@nordlab.example");
        for (var i = 0; i < UserStore.PeoplePageSize; i++)
        {
            await portal.Services.GetRequiredService<UserStore>().CreateAsync(lead, new NewUser(lead.OrganisationId!.Value, $"person{i}@nordlab.example", $"Person {i:00}", PortalRole.CustomerEngineer), null, Ct);
        }
        using var session = await WebSession.SignInAsync(portal, "leo.lead@nordlab.example");

        var (status, body, _) = await session.GetAsync("/team");
        var (_, later, _) = await session.GetAsync("/team?pageNumber=2");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((UserStore.PeoplePageSize, 2), (RowsOf(body, "people-table"), RowsOf(later, "people-table")));
        Assert.Contains("pageNumber=2", body);
    }

    [Theory, OnBothDatabases]
    public async Task An_items_maintenance_log_renders_a_page_at_a_time_and_its_loans_page_on_their_own_key(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var admin = await ScopeOfAsync(portal, "admin@helix.example");
        var equipment = portal.Services.GetRequiredService<EquipmentStore>();
        var item = await equipment.CreateAsync(admin, new EquipmentInput($"Page test {Guid.NewGuid():N}", "PT-1", $"PT-{Guid.NewGuid():N}", 1000, "EUR", "Lab", EquipmentCondition.Good, "", false, false), Ct);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        for (var i = 0; i < EquipmentStore.MaintenancePageSize + 2; i++)
        {
            await equipment.AddMaintenanceAsync(admin, item.Id, new NewMaintenance(today.AddDays(-i), $"Check {i:00}", "Ed"), Ct);
        }
        using var session = await WebSession.SignInAsync(portal, "admin@helix.example");

        var (status, body, _) = await session.GetAsync($"/equipment/{item.Id}?loansPage=3");
        var (_, later, _) = await session.GetAsync($"/equipment/{item.Id}?pageNumber=2");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(EquipmentStore.MaintenancePageSize, CountOf(body, "<li class=\"mb-2\">"));
        Assert.Contains("Check 00", body);
        Assert.DoesNotContain("Check 20", body);
        Assert.Contains($"/equipment/{item.Id}?loansPage=3&amp;pageNumber=2", body);
        Assert.Equal(2, CountOf(later, "<li class=\"mb-2\">"));
        Assert.Contains("Check 21", later);
    }

    [Theory, OnBothDatabases]
    public async Task A_guarantee_shows_its_latest_periods_and_says_there_are_more(DatabaseProvider provider)
    {
        await using var portal = new PortalFactory(provider);
        var a = await CustomerA.LoadAsync(portal);
        var lead = await ScopeOfAsync(portal, "alice.lead@helix.example");
        var guarantee = (await portal.Services.GetRequiredService<GuaranteeStore>().CreateAsync(lead, a.PartnershipId, new GuaranteeInput
        {
            Metric = GuaranteeMetric.OnTimeInFull, Target = 95, Period = GuaranteePeriod.Month, PenaltyKind = PenaltyKind.PercentOfInvoiced, PenaltyPercent = 2,
            CapMinor = 1_000_00, Currency = "EUR", EffectiveFrom = new DateOnly(2020, 1, 1), EarlyCountsAsOnTime = true,
        }, Ct))!;
        await using (var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(Ct))
        {
            var first = new DateOnly(2021, 1, 1);
            foreach (var month in Enumerable.Range(0, GuaranteeStore.PeriodsShown + 6))
            {
                await connection.ExecuteAsync(
                    """
                    INSERT INTO guarantee_results (guarantee_id, partnership_id, period_start, period_end, outcome, measured_milli, numerator, denominator, evaluated_at)
                    VALUES (@Id, @PartnershipId, @Start, @End, 'Met', 97000, 97, 100, @At)
                    """, new { guarantee.Id, guarantee.PartnershipId, Start = first.AddMonths(month), End = first.AddMonths(month + 1).AddDays(-1), At = DateTimeOffset.UtcNow });
            }
        }
        using var session = await WebSession.SignInAsync(portal, "leo.lead@nordlab.example");

        var (status, body, _) = await session.GetAsync($"/p/{a.PartnershipId}/guarantees");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(GuaranteeStore.PeriodsShown, CountOf(body, $"data-testid=\"result-{guarantee.Id}-"));
        // At least the periods inserted: an evaluation run may have added the months since.
        Assert.Matches($"The latest {GuaranteeStore.PeriodsShown} of \\d+ periods", body);
    }

    private static async Task<CallerScope> ScopeOfAsync(PortalFactory portal, string email)
    {
        var user = await portal.Services.GetRequiredService<UserStore>().FindByNormalizedEmailAsync(UserStore.Normalize(email), Ct);
        return (await portal.Services.GetRequiredService<ScopeStore>().ForUserAsync(user!.Id, Ct))!;
    }

    /// <summary>Body rows of the table with this test id (its header row left out).</summary>
    private static int RowsOf(string body, string testId)
    {
        var table = body[body.IndexOf($"data-testid=\"{testId}\"", StringComparison.Ordinal)..];
        return CountOf(table[..table.IndexOf("</table>", StringComparison.Ordinal)], "<tr") - 1;
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
