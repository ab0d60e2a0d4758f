using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Database;
using Portal.Data.Tenancy;
using Portal.Data.Users;
using Portal.Data.Work;
using Portal.Web.Seed;
using Portal.Web.Links;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Work;

/// <summary>"My work" over the demo: design stages and 8D steps a person owns, and verifications a customer has to judge.</summary>
public sealed class MyWorkTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task A_quality_engineer_sees_exactly_the_open_steps_they_own_overdue_first(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var (scope, items) = await WorkOfAsync(portal, "quinn.quality@helix.example");

        // Other tests raise issues on the shared demo too, and D1–D3 of each go to the quality engineer: count over all pages.
        Assert.Contains(items, i => i.Kind == WorkKind.QualityStep);
        var counts = (await portal.Services.GetRequiredService<WorkStore>().GetPageAsync(scope, 1, TestContext.Current.CancellationToken)).Counts;
        Assert.Equal(await CountAsync(portal, "SELECT COUNT(*) FROM quality_issue_steps s JOIN quality_issues q ON q.id = s.issue_id WHERE s.owner_user_id = @Id AND s.done_at IS NULL AND q.state = 'Open'", scope.ActorId!.Value), counts[WorkKind.QualityStep]);
        Assert.DoesNotContain(items, i => i.Kind == WorkKind.QualityVerification);
        // The demo's Critical containment is overdue, and overdue work comes first.
        var now = portal.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        Assert.True(items[0].IsOverdueAt(now));
        Assert.Equal(items.OrderByDescending(i => i.IsOverdueAt(now)).Select(i => i.IsOverdueAt(now)), items.Select(i => i.IsOverdueAt(now)));
    }

    [Theory, OnBothDatabases]
    public async Task An_engineer_sees_the_open_design_stages_they_own_and_no_closed_ones(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var (scope, items) = await WorkOfAsync(portal, DemoData.SupplierEngineer.Email);

        var stages = items.Where(i => i.Kind == WorkKind.DesignStage).ToList();
        Assert.NotEmpty(stages);
        Assert.Equal(await CountAsync(portal, "SELECT COUNT(*) FROM design_requests WHERE stage_owner_user_id = @Id AND stage NOT IN ('Released', 'Declined', 'Withdrawn')", scope.ActorId!.Value), stages.Count);
        Assert.All(stages, s => Assert.Equal("/DesignRequests/Details", EntityLinks.For(s.PartnershipId, s.Entity, s.RecordId)!.Page));
    }

    [Theory, OnBothDatabases]
    public async Task A_customer_sees_the_verifications_their_side_has_to_judge_and_nothing_of_other_customers(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var (scope, items) = await WorkOfAsync(portal, "leo.lead@nordlab.example");

        Assert.Contains(items, i => i.Kind == WorkKind.QualityVerification);
        Assert.All(items, i => Assert.Equal(scope.PartnershipIds.Single(), i.PartnershipId));

        var (_, arcadia) = await WorkOfAsync(portal, "bruno.lead@helix.example");
        Assert.DoesNotContain(arcadia, i => i.PartnershipName.Contains("Nordlab", StringComparison.Ordinal));
    }

    [Theory, OnBothDatabases]
    public async Task Finance_sees_the_demo_credit_requests_and_the_account_lead_the_loans_waiting_for_the_supplier(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var (finance, financeWork) = await WorkOfAsync(portal, "fay.finance@helix.example");
        var (lead, leadWork) = await WorkOfAsync(portal, "alice.lead@helix.example");

        Assert.Equal(await CountAsync(portal, "SELECT COUNT(*) FROM credit_arrangements WHERE state = 'Requested' AND partnership_id IN (SELECT partnership_id FROM partnership_members WHERE user_id = @Id)", finance.ActorId!.Value),
            financeWork.Count(i => i.Kind == WorkKind.CreditDecision));
        Assert.Contains(financeWork, i => i.Kind == WorkKind.CreditDecision);
        Assert.Contains(leadWork, i => i is { Kind: WorkKind.LoanStep, What: "Approve or decline the loan request" });
        Assert.All(leadWork.Where(i => i.Kind == WorkKind.LoanStep), i => Assert.Equal("/Loans/Details", EntityLinks.For(i.PartnershipId, i.Entity, i.RecordId)!.Page));
        Assert.DoesNotContain(leadWork, i => i.Kind == WorkKind.CreditDecision);
        Assert.All(leadWork, i => Assert.Contains(i.PartnershipId, lead.PartnershipIds));

        using var session = await WebSession.SignInAsync(portal, "fay.finance@helix.example");
        var (_, body, _) = await session.GetAsync("/my-work");
        Assert.Contains("Approve or decline the credit extension", body);
    }

    [Theory, OnBothDatabases]
    public async Task The_page_lists_the_work_with_links(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        using var session = await WebSession.SignInAsync(portal, "quinn.quality@helix.example");

        var (status, body, _) = await session.GetAsync("/my-work");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("data-testid=\"work-table\"", body);
        Assert.Contains("Overdue", body);
        Assert.Contains("/quality/", body);
    }

    private static async Task<(CallerScope Scope, IReadOnlyList<WorkItem> Items)> WorkOfAsync(PortalFactory portal, string email)
    {
        var user = await portal.Services.GetRequiredService<UserStore>().FindByNormalizedEmailAsync(UserStore.Normalize(email), TestContext.Current.CancellationToken);
        var scope = (await portal.Services.GetRequiredService<ScopeStore>().ForUserAsync(user!.Id, TestContext.Current.CancellationToken))!;
        return (scope, (await portal.Services.GetRequiredService<WorkStore>().GetPageAsync(scope, 1, TestContext.Current.CancellationToken)).Items.Items);
    }

    private static async Task<long> CountAsync(PortalFactory portal, string sql, long id)
    {
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>(sql, new { Id = id });
    }
}
