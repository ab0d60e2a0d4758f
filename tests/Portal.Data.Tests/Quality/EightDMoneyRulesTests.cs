using Portal.Data.Database;
using Portal.Data.Quality;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Quality;

/// <summary>The attacks on 8D that shifted containment money (issue 12), replayed: each must now be refused or harmless.</summary>
public sealed class EightDMoneyRulesTests
{
    [Theory, OnBothDatabases]
    public async Task A_customer_engineer_alone_cannot_do_the_suppliers_steps_or_close(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var q = await QualityWorld.SeedAsync(db);
        var customer = await db.ScopeOfAsync(q.World.CustomerEngineerAId);
        var p = q.World.PartnershipAId;
        var issue = (await db.QualityIssues.RaiseAsync(customer, p, q.Cracked(), [], Ct))!;

        foreach (var step in new[] { EightDStep.D3, EightDStep.D4, EightDStep.D5, EightDStep.D6, EightDStep.D7 })
        {
            var refused = await Assert.ThrowsAsync<ScopeException>(() => db.QualityWorkflow.CompleteStepAsync(customer, p, issue.Id, step, Ct));
            Assert.Equal($"{step} ({step.Title()}) is the supplier's work.", refused.Message);
        }
        await Assert.ThrowsAsync<ValidationException>(() => db.QualityWorkflow.CloseAsync(customer, p, issue.Id, Ct));

        Assert.All((await db.QualityIssues.GetAsync(customer, issue.Id, Ct))!.Steps, s => Assert.False(s.IsDone));
        Assert.Equal(["Raised"], (await AuditRows.ForEntityAsync(db, "QualityIssue", issue.Id)).Select(a => a.Action));
    }

    [Theory, OnBothDatabases]
    public async Task A_done_steps_due_date_is_frozen_for_everyone(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var q = await QualityWorld.SeedAsync(db);
        var (lead, customer) = (await db.ScopeOfAsync(q.World.AccountLeadId), await db.ScopeOfAsync(q.World.CustomerEngineerAId));
        var p = q.World.PartnershipAId;
        var issue = (await db.QualityIssues.RaiseAsync(customer, p, q.Cracked(), [], Ct))!;
        await db.QualityWorkflow.CompleteStepAsync(lead, p, issue.Id, EightDStep.D3, Ct);
        var due = issue.Steps.Single(s => s.Step == EightDStep.D3).DueAt;

        // The customer engineer moved a done D3 earlier so that it counted as late.
        await Assert.ThrowsAsync<ScopeException>(() => db.QualityWorkflow.UpdateStepAsync(customer, p, issue.Id, EightDStep.D3,
            new StepUpdate(null, due.AddHours(-20), "", "Was due earlier."), Ct));
        var frozen = await Assert.ThrowsAsync<ValidationException>(() => db.QualityWorkflow.UpdateStepAsync(lead, p, issue.Id, EightDStep.D3,
            new StepUpdate(null, due.AddDays(1), "", "Typo."), Ct));
        Assert.Equal("D3 is done: its dates are frozen.", frozen.Errors["DueAt"]);

        // Notes of a done step may still be written, and a form's minute-precision copy of the due time is no move.
        var noted = await db.QualityWorkflow.UpdateStepAsync(lead, p, issue.Id, EightDStep.D3,
            new StepUpdate(null, new DateTimeOffset(due.Year, due.Month, due.Day, due.Hour, due.Minute, 0, TimeSpan.Zero), "Stock sorted.", null), Ct);
        Assert.Equal((due, "Stock sorted."), (noted!.Steps.Single(s => s.Step == EightDStep.D3).DueAt, noted.Steps.Single(s => s.Step == EightDStep.D3).Details));
    }

    [Theory, OnBothDatabases]
    public async Task Only_the_owning_sides_lead_moves_a_due_date_with_a_reason_that_the_trail_keeps(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var q = await QualityWorld.SeedAsync(db);
        var cast = await Cast.SeedAsync(db, q.World);
        var p = q.World.PartnershipAId;
        var issue = (await db.QualityIssues.RaiseAsync(cast[Cast.CustomerEngineer], p, q.Cracked(), [], Ct))!;
        var later = issue.Steps.Single(s => s.Step == EightDStep.D3).DueAt.AddDays(3);

        // The supplier's quality engineer moved a late D3 later so that it counted as on time.
        var notLead = await Assert.ThrowsAsync<ScopeException>(() => db.QualityWorkflow.UpdateStepAsync(cast[Cast.QualityEngineer], p, issue.Id, EightDStep.D3,
            new StepUpdate(null, later, "", "More time."), Ct));
        Assert.Equal("Only the supplier's lead moves the due date of D3.", notLead.Message);
        var noReason = await Assert.ThrowsAsync<ValidationException>(() => db.QualityWorkflow.UpdateStepAsync(cast[Cast.AccountLead], p, issue.Id, EightDStep.D3,
            new StepUpdate(null, later, "", " "), Ct));
        Assert.Equal(["DueChangeReason"], noReason.Errors.Keys);

        var moved = await db.QualityWorkflow.UpdateStepAsync(cast[Cast.AccountLead], p, issue.Id, EightDStep.D3,
            new StepUpdate(null, later, "", "Agreed with Alice on the phone."), Ct);

        Assert.Equal(later, moved!.Steps.Single(s => s.Step == EightDStep.D3).DueAt);
        Assert.Equal(issue.ContainmentDueAt, moved.ContainmentDueAt);
        var trail = (await AuditRows.ForEntityAsync(db, "QualityIssue", issue.Id)).Last();
        Assert.Equal("D3DueMoved", trail.Action);
        Assert.Equal("Agreed with Alice on the phone.", trail.Note);
    }

    [Theory, OnBothDatabases]
    public async Task Containment_is_measured_against_the_due_time_fixed_at_raising(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var q = await QualityWorld.SeedAsync(db);
        var lead = await db.ScopeOfAsync(q.World.AccountLeadId);
        var p = q.World.PartnershipAId;
        var raisedAt = db.Clock.GetUtcNow();
        var issue = (await db.QualityIssues.RaiseAsync(await db.ScopeOfAsync(q.World.CustomerEngineerAId), p, q.Cracked(Severity.Critical), [], Ct))!;
        Assert.Equal(raisedAt.AddHours(24), issue.ContainmentDueAt);

        // The lead moves D3 two days later (allowed, with a reason), then containment is done a day after the fixed time.
        await db.QualityWorkflow.UpdateStepAsync(lead, p, issue.Id, EightDStep.D3, new StepUpdate(null, raisedAt.AddDays(3), "", "Parts at a subcontractor."), Ct);
        db.Clock.Advance(TimeSpan.FromHours(48));
        await db.QualityWorkflow.CompleteStepAsync(lead, p, issue.Id, EightDStep.D3, Ct);

        var day = DateOnly.FromDateTime(raisedAt.UtcDateTime);
        var measured = await db.GuaranteeMetrics.ContainmentOnTimeAsync(lead, p, day, day.AddDays(1), Ct);
        Assert.Equal((0L, 1L), (measured.Numerator, measured.Denominator));
        Assert.Equal([issue.Id], measured.SourceIds);
    }

    [Theory, OnBothDatabases]
    public async Task A_change_of_severity_re_fixes_containment_and_is_audited_until_containment_is_done(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var q = await QualityWorld.SeedAsync(db);
        var (lead, customerLead) = (await db.ScopeOfAsync(q.World.AccountLeadId), await db.ScopeOfAsync(q.World.CustomerLeadAId));
        var p = q.World.PartnershipAId;
        var issue = (await db.QualityIssues.RaiseAsync(customerLead, p, q.Cracked(Severity.Critical), [], Ct))!;
        db.Clock.Advance(TimeSpan.FromHours(5));

        await Assert.ThrowsAsync<ScopeException>(() => db.QualityWorkflow.ChangeSeverityAsync(lead, p, issue.Id, Severity.Minor, "Cosmetic only.", Ct));
        var noReason = await Assert.ThrowsAsync<ValidationException>(() => db.QualityWorkflow.ChangeSeverityAsync(customerLead, p, issue.Id, Severity.Major, "", Ct));
        Assert.Equal(["Reason"], noReason.Errors.Keys);
        var major = await db.QualityWorkflow.ChangeSeverityAsync(customerLead, p, issue.Id, Severity.Major, "Only one line stopped.", Ct);

        Assert.Equal(Severity.Major, major!.Severity);
        Assert.Equal(issue.RaisedAt.AddHours(72), major.ContainmentDueAt);
        Assert.Equal(issue.RaisedAt.AddHours(72), major.Steps.Single(s => s.Step == EightDStep.D3).DueAt);
        var trail = (await AuditRows.ForEntityAsync(db, "QualityIssue", issue.Id)).Last();
        Assert.Equal("SeverityChanged", trail.Action);
        Assert.Equal("Only one line stopped.", trail.Note);

        await db.QualityWorkflow.CompleteStepAsync(lead, p, issue.Id, EightDStep.D3, Ct);
        var final = await Assert.ThrowsAsync<ValidationException>(() => db.QualityWorkflow.ChangeSeverityAsync(customerLead, p, issue.Id, Severity.Minor, "Cosmetic after all.", Ct));
        Assert.Contains("Containment (D3) is done", final.Errors["Severity"]);
    }
}
