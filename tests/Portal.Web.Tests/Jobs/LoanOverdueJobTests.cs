using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Database;
using Portal.Data.Loans;
using Portal.Data.Tenancy;
using Portal.Web.Jobs;
using Portal.Web.Seed;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Jobs;

public sealed class LoanOverdueJobTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task Run_twice_the_job_alerts_each_lead_once_per_overdue_loan(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var services = portal.Services;
        var database = services.GetRequiredService<PortalDatabase>();
        var loans = services.GetRequiredService<LoanStore>();
        var scopes = services.GetRequiredService<ScopeStore>();
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await database.OpenAsync(ct);
        var (partnershipId, supplierLead, customerLead) = await connection.QuerySingleAsync<(long, long, long)>(
            "SELECT p.id, p.supplier_lead_user_id, p.customer_lead_user_id FROM partnerships p JOIN organisations o ON o.id = p.customer_org_id WHERE o.name = @Name",
            new { DemoData.Arcadia.Name });
        var lead = (await scopes.ForUserAsync(supplierLead, ct))!;
        var customer = (await scopes.ForUserAsync(customerLead, ct))!;
        var item = await services.GetRequiredService<EquipmentStore>().CreateAsync(lead,
            new EquipmentInput("Job test rig", "J-1", $"JOB-{Guid.NewGuid():N}"[..20], 100_000, "EUR", "", EquipmentCondition.Good, "", true, false), ct);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var loan = (await loans.RequestAsync(lead, partnershipId, new NewLoan(item.Id, "Job test", today, today.AddDays(30)), ct))!;
        await loans.TransitionAsync(lead, partnershipId, loan.Id, LoanState.Approved, new LoanStep(), ct);
        await loans.TransitionAsync(lead, partnershipId, loan.Id, LoanState.Shipped, new LoanStep(EquipmentCondition.Good), ct);
        await loans.TransitionAsync(customer, partnershipId, loan.Id, LoanState.InUse, new LoanStep(), ct);
        // The loan ended a week ago: the quickest way there is to move its dates back.
        await connection.ExecuteAsync("UPDATE equipment_loans SET starts_on = @Starts, ends_on = @Ends WHERE id = @Id",
            new { Starts = today.AddDays(-60), Ends = today.AddDays(-7), loan.Id });
        var job = services.GetRequiredService<LoanOverdueJob>();

        await job.RunAsync(ct);
        await job.RunForPartnershipAsync(partnershipId, ct);
        await job.RunForPartnershipAsync(partnershipId, ct);

        Assert.Equal(LoanState.ReturnDue, (await loans.GetAsync(lead, loan.Id, ct))!.State);
        var alerts = await connection.QueryAsync<long>(
            "SELECT user_id FROM notifications WHERE title = 'Equipment return overdue' AND entity = 'EquipmentLoan' AND entity_id = @Id ORDER BY user_id",
            new { loan.Id });
        Assert.Equal(new[] { supplierLead, customerLead }.Order(), alerts);
    }
}
