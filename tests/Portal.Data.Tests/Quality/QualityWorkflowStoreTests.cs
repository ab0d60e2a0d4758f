using Portal.Data.Database;
using Portal.Data.Quality;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Quality;

public sealed class QualityWorkflowStoreTests
{
    [Theory, OnBothDatabases]
    public async Task An_issue_closes_after_D3_to_D7_and_the_customers_acceptance(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var q = await QualityWorld.SeedAsync(db);
        var (supplier, customer) = (await db.ScopeOfAsync(q.World.AccountLeadId), await db.ScopeOfAsync(q.World.CustomerLeadAId));
        var p = q.World.PartnershipAId;
        var issue = (await db.QualityIssues.RaiseAsync(customer, p, q.Cracked(), [], Ct))!;
        foreach (var step in new[] { EightDStep.D1, EightDStep.D2, EightDStep.D3, EightDStep.D4, EightDStep.D5, EightDStep.D6 })
        {
            await db.QualityWorkflow.CompleteStepAsync(supplier, p, issue.Id, step, Ct);
        }
        var early = await Assert.ThrowsAsync<ValidationException>(() => db.QualityWorkflow.CloseAsync(customer, p, issue.Id, Ct));
        Assert.Contains("D7 (Prevention) is not done.", early.Message);
        Assert.Contains("has not accepted", early.Message);
        await Assert.ThrowsAsync<ScopeException>(() => db.QualityWorkflow.AcceptVerificationAsync(supplier, p, issue.Id, Ct));

        await db.QualityWorkflow.AcceptVerificationAsync(customer, p, issue.Id, Ct);
        await db.QualityWorkflow.CompleteStepAsync(supplier, p, issue.Id, EightDStep.D7, Ct);
        await Assert.ThrowsAsync<ScopeException>(() => db.QualityWorkflow.CloseAsync(supplier, p, issue.Id, Ct));
        var closed = await db.QualityWorkflow.CloseAsync(customer, p, issue.Id, Ct);

        Assert.Equal(QualityIssueState.Closed, closed!.State);
        Assert.All(closed.Steps, s => Assert.True(s.IsDone));
        await Assert.ThrowsAsync<ValidationException>(() => db.QualityWorkflow.CompleteStepAsync(supplier, p, issue.Id, EightDStep.D1, Ct));
        Assert.Equal(["Raised", "D1Completed", "D2Completed", "D3Completed", "D4Completed", "D5Completed", "D6Completed", "VerificationAccepted", "D7Completed", "Closed"],
            (await AuditRows.ForEntityAsync(db, "QualityIssue", issue.Id)).Select(a => a.Action));
    }

    [Theory, OnBothDatabases]
    public async Task A_rejected_verification_reopens_D5_and_tells_its_owners_why(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var q = await QualityWorld.SeedAsync(db);
        var (supplier, customer) = (await db.ScopeOfAsync(q.World.AccountLeadId), await db.ScopeOfAsync(q.World.CustomerLeadAId));
        var p = q.World.PartnershipAId;
        var issue = (await db.QualityIssues.RaiseAsync(customer, p, q.Cracked(), [], Ct))!;
        await db.QualityWorkflow.UpdateStepAsync(supplier, p, issue.Id, EightDStep.D5, new StepUpdate(q.World.AccountLeadId, TestDatabase.Start.AddDays(20), "New bend radius", "Tooling arrives later."), Ct);
        foreach (var step in new[] { EightDStep.D3, EightDStep.D4, EightDStep.D5, EightDStep.D6 })
        {
            await db.QualityWorkflow.CompleteStepAsync(supplier, p, issue.Id, step, Ct);
        }
        var unreadBefore = await db.Notifications.CountUnreadAsync(q.World.AccountLeadId, Ct);
        await Assert.ThrowsAsync<ValidationException>(() => db.QualityWorkflow.RejectVerificationAsync(customer, p, issue.Id, " ", Ct));

        var reopened = await db.QualityWorkflow.RejectVerificationAsync(customer, p, issue.Id, "Cracks again in lot LOT-C.", Ct);

        Assert.Equal("D3,D4", string.Join(",", reopened!.Steps.Where(s => s.IsDone).Select(s => s.Step)));
        Assert.Equal("Cracks again in lot LOT-C.", reopened.VerificationRejection);
        Assert.Equal("New bend radius", reopened.Steps.Single(s => s.Step == EightDStep.D5).Details);
        Assert.Equal(unreadBefore + 1, await db.Notifications.CountUnreadAsync(q.World.AccountLeadId, Ct));
        await Assert.ThrowsAsync<ValidationException>(() => db.QualityWorkflow.AcceptVerificationAsync(customer, p, issue.Id, Ct));
    }

    [Theory, OnBothDatabases]
    public async Task A_step_owner_must_be_someone_of_the_partnership(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var q = await QualityWorld.SeedAsync(db);
        var lead = await db.ScopeOfAsync(q.World.AccountLeadId);
        var issue = (await db.QualityIssues.RaiseAsync(lead, q.World.PartnershipAId, q.Cracked(), [], Ct))!;
        var due = issue.Steps.Single(s => s.Step == EightDStep.D3).DueAt;

        // The customer's own people are of the partnership, but containment is the supplier's work.
        foreach (var stranger in new[] { q.World.CustomerEngineerBId, q.World.UnassignedEngineerId, q.World.CustomerEngineerAId })
        {
            var error = await Assert.ThrowsAsync<ValidationException>(() => db.QualityWorkflow.UpdateStepAsync(lead, q.World.PartnershipAId, issue.Id, EightDStep.D3,
                new StepUpdate(stranger, due, ""), Ct));
            Assert.Equal(["OwnerUserId"], error.Errors.Keys);
        }
        var owners = await db.QualityWorkflow.GetOwnerChoicesAsync(lead, q.World.PartnershipAId, Ct);
        Assert.Equal([q.World.AdminId, q.World.AccountLeadId, q.World.CustomerLeadAId, q.World.CustomerEngineerAId], owners.Select(o => o.Id).Order());
        Assert.Equal([q.World.AdminId, q.World.AccountLeadId], owners.Where(o => o.IsSupplier).Select(o => o.Id).Order());
    }
}
