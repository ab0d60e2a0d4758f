using Dapper;
using Portal.Data.Database;
using Portal.Data.Quality;
using Portal.Data.Tests.DesignRequests;
using Portal.Data.Tests.Infrastructure;
using Portal.Data.Tests.Quality;
using Portal.Data.Work;

namespace Portal.Data.Tests.Work;

public sealed class WorkStoreTests
{
    [Theory, OnBothDatabases]
    public async Task Work_comes_a_page_at_a_time_overdue_first_then_by_due_time_with_counts_for_all_of_it(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var q = await QualityWorld.SeedAsync(db);
        var (lead, customer) = (await db.ScopeOfAsync(q.World.AccountLeadId), await db.ScopeOfAsync(q.World.CustomerEngineerAId));
        var p = q.World.PartnershipAId;
        // Without a quality engineer the lead owns D1–D3 of every new issue: more steps than a page, five containments
        // already late; and a design stage planned to end three days ago.
        const int issues = 9;
        const int steps = 3 * issues;
        for (var i = 0; i < issues; i++)
        {
            var issue = (await db.QualityIssues.RaiseAsync(customer, p, q.Cracked(), [], Ct))!;
            await db.QualityWorkflow.UpdateStepAsync(lead, p, issue.Id, EightDStep.D3, new StepUpdate(q.World.AccountLeadId, TestDatabase.Start.AddHours(i - 5), "Contain", "Agreed with the customer."), Ct);
        }
        var request = (await db.DesignRequests.RaiseAsync(customer, p, DesignRequestStoreTests.Intake, [], Ct))!;
        var plannedEnd = DateOnly.FromDateTime(TestDatabase.Start.UtcDateTime).AddDays(-3);
        await using (var connection = await db.Database.OpenAsync(Ct))
        {
            await connection.ExecuteAsync(new CommandDefinition("UPDATE design_requests SET stage_owner_user_id = @Owner, stage_planned_end = @plannedEnd WHERE id = @Id",
                new { Owner = q.World.AccountLeadId, plannedEnd, request.Id }, cancellationToken: Ct));
        }

        var first = await db.Work.GetPageAsync(lead, 1, Ct);
        var second = await db.Work.GetPageAsync(lead, 2, Ct);

        Assert.Equal((steps + 1L, 6L, 2), (first.Items.Total, first.Overdue, first.Items.PageCount));
        Assert.Equal((WorkStore.PageSize, steps + 1 - WorkStore.PageSize), (first.Items.Items.Count, second.Items.Items.Count));
        var all = first.Items.Items.Concat(second.Items.Items).ToList();
        Assert.Equal((WorkKind.DesignStage, request.Id), (all[0].Kind, all[0].RecordId));
        Assert.Equal(new DateTimeOffset(plannedEnd.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), all[0].DueAt);
        Assert.Equal(all.Select(w => w.DueAt).Order(), all.Select(w => w.DueAt));
        Assert.Equal(steps + 1, all.Select(w => (w.Kind, w.RecordId, w.What)).Distinct().Count());
        Assert.Equal(0, (await db.Work.GetPageAsync(await db.ScopeOfAsync(q.World.CustomerLeadBId), 1, Ct)).Items.Total);
    }
}
