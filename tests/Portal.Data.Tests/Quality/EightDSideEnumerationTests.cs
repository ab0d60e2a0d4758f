using Portal.Data.Database;
using Portal.Data.Quality;
using Portal.Data.Tenancy;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Quality;

/// <summary>
/// Every 8D act × everyone who can act on the partnership: each act is tried on an issue where nothing but the caller's
/// side could stop it, and must succeed exactly for the people written here. A refusal is a ScopeException and changes
/// nothing. The expectations are written out, not derived from <see cref="EightDSides"/>, so that a change of the rule
/// has to change this table too.
/// </summary>
public sealed class EightDSideEnumerationTests
{
    private static readonly string[] SupplierWorkers = [Cast.Admin, Cast.AccountLead, Cast.Engineer, Cast.QualityEngineer];
    private static readonly string[] SupplierLeads = [Cast.Admin, Cast.AccountLead];
    private static readonly string[] CustomerPeople = [Cast.CustomerLead, Cast.CustomerEngineer];
    private static readonly string[] CustomerLead = [Cast.CustomerLead];

    private sealed record Act(string Name, EightDStep[] Prepared, bool Accepted, string[] Allowed, Func<TestDatabase, CallerScope, QualityWorld, QualityIssue, Task<QualityIssue?>> Run);

    private static IEnumerable<Act> Acts()
    {
        EightDStep[] D3ToD6 = [EightDStep.D3, EightDStep.D4, EightDStep.D5, EightDStep.D6];
        foreach (var step in new[] { EightDStep.D1, EightDStep.D2, EightDStep.D3, EightDStep.D4, EightDStep.D5, EightDStep.D6, EightDStep.D7 })
        {
            var before = Enumerable.Range((int)EightDStep.D3, Math.Max(0, step - EightDStep.D3)).Select(s => (EightDStep)s).ToArray();
            yield return new Act($"complete {step}", before, false, SupplierWorkers,
                (db, who, q, issue) => db.QualityWorkflow.CompleteStepAsync(who, issue.PartnershipId, issue.Id, step, Ct));
        }
        yield return new Act("edit D3's notes", [], false, SupplierWorkers, (db, who, q, issue) => db.QualityWorkflow.UpdateStepAsync(who, issue.PartnershipId, issue.Id,
            EightDStep.D3, new StepUpdate(null, Due(issue, EightDStep.D3), "Sorted the stock."), Ct));
        yield return new Act("move D3's due date", [], false, SupplierLeads, (db, who, q, issue) => db.QualityWorkflow.UpdateStepAsync(who, issue.PartnershipId, issue.Id,
            EightDStep.D3, new StepUpdate(null, Due(issue, EightDStep.D3).AddDays(2), "", "The customer agreed two more days."), Ct));
        yield return new Act("edit D8's notes", [], false, CustomerPeople, (db, who, q, issue) => db.QualityWorkflow.UpdateStepAsync(who, issue.PartnershipId, issue.Id,
            EightDStep.D8, new StepUpdate(null, Due(issue, EightDStep.D8), "Closure review in the monthly meeting."), Ct));
        yield return new Act("move D8's due date", [], false, CustomerLead, (db, who, q, issue) => db.QualityWorkflow.UpdateStepAsync(who, issue.PartnershipId, issue.Id,
            EightDStep.D8, new StepUpdate(null, Due(issue, EightDStep.D8).AddDays(7), "", "Our review board meets later."), Ct));
        yield return new Act("accept the verification", D3ToD6, false, CustomerPeople,
            (db, who, q, issue) => db.QualityWorkflow.AcceptVerificationAsync(who, issue.PartnershipId, issue.Id, Ct));
        yield return new Act("reject the verification", D3ToD6, false, CustomerPeople,
            (db, who, q, issue) => db.QualityWorkflow.RejectVerificationAsync(who, issue.PartnershipId, issue.Id, "Cracks again.", Ct));
        yield return new Act("close", [.. D3ToD6, EightDStep.D7], true, CustomerPeople,
            (db, who, q, issue) => db.QualityWorkflow.CloseAsync(who, issue.PartnershipId, issue.Id, Ct));
        yield return new Act("change the severity", [], false, CustomerLead,
            (db, who, q, issue) => db.QualityWorkflow.ChangeSeverityAsync(who, issue.PartnershipId, issue.Id, Severity.Major, "Only one line stopped.", Ct));
    }

    [Theory, OnBothDatabases]
    public async Task Every_8D_act_is_allowed_exactly_to_its_side(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var q = await QualityWorld.SeedAsync(db);
        var cast = await Cast.SeedAsync(db, q.World);
        var (supplier, customer) = (cast[Cast.QualityEngineer], cast[Cast.CustomerEngineer]);
        var outcomes = new List<string>();
        foreach (var act in Acts())
        {
            foreach (var who in Cast.Everyone)
            {
                var issue = (await db.QualityIssues.RaiseAsync(customer, q.World.PartnershipAId, q.Cracked(), [], Ct))!;
                foreach (var step in act.Prepared)
                {
                    await db.QualityWorkflow.CompleteStepAsync(supplier, issue.PartnershipId, issue.Id, step, Ct);
                }
                if (act.Accepted)
                {
                    await db.QualityWorkflow.AcceptVerificationAsync(customer, issue.PartnershipId, issue.Id, Ct);
                }
                var before = (await db.QualityIssues.GetAsync(supplier, issue.Id, Ct))!;
                try
                {
                    Assert.NotNull(await act.Run(db, cast[who], q, before));
                    outcomes.Add($"{act.Name} by {who}: allowed");
                }
                catch (ScopeException)
                {
                    Assert.Equivalent(before, await db.QualityIssues.GetAsync(supplier, issue.Id, Ct), strict: true);
                    outcomes.Add($"{act.Name} by {who}: refused");
                }
            }
        }

        var expected = Acts().SelectMany(act => Cast.Everyone.Select(who => $"{act.Name} by {who}: {(act.Allowed.Contains(who) ? "allowed" : "refused")}"));
        Assert.Equal(expected, outcomes);
    }

    private static DateTimeOffset Due(QualityIssue issue, EightDStep step) => issue.Steps.Single(s => s.Step == step).DueAt;
}
