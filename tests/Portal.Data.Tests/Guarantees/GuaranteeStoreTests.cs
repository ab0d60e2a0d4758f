using Dapper;
using Portal.Data.Database;
using Portal.Data.Guarantees;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Guarantees;

public sealed class GuaranteeStoreTests
{
    [Theory, OnBothDatabases]
    public async Task The_history_holds_a_guarantees_latest_periods_with_their_credits_and_counts_all_of_them(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var lead = await db.ScopeOfAsync(world.AccountLeadId);
        var p = world.PartnershipAId;
        var guarantee = (await db.Guarantees.CreateAsync(lead, p, GuaranteeRulesTests.Valid, Ct))!;
        var months = GuaranteeStore.PeriodsShown + 3;
        var first = new DateOnly(2024, 1, 1);
        await using (var connection = await db.Database.OpenAsync(Ct))
        {
            for (var i = 0; i < months; i++)
            {
                var (start, end) = (first.AddMonths(i), first.AddMonths(i + 1).AddDays(-1));
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO guarantee_results (guarantee_id, partnership_id, period_start, period_end, outcome, measured_milli, numerator, denominator, evaluated_at)
                    VALUES (@Id, @PartnershipId, @start, @end, 'Missed', 90000, 9, 10, @At)
                    """, new { guarantee.Id, guarantee.PartnershipId, start, end, At = TestDatabase.Start }, cancellationToken: Ct));
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO penalty_credits (partnership_id, guarantee_id, period_start, period_end, amount_minor, currency, reason, measured_milli, target_milli,
                        invoiced_minor, source_table, source_ids_json, state, issued_at)
                    VALUES (@PartnershipId, @Id, @start, @end, 100, 'EUR', 'Missed', 90000, 95000, 10000, 'purchase_order_lines', '[]', 'Issued', @At)
                    """, new { guarantee.Id, guarantee.PartnershipId, start, end, At = TestDatabase.Start }, cancellationToken: Ct));
            }
        }

        var history = Assert.Single(await db.Guarantees.GetHistoryAsync(await db.ScopeOfAsync(world.CustomerEngineerAId), p, cancellationToken: Ct));

        Assert.Equal((long)months, history.PeriodCount);
        var shown = Enumerable.Range(3, GuaranteeStore.PeriodsShown).Select(i => first.AddMonths(i)).Reverse().ToList();
        Assert.Equal(shown, history.Results.Select(r => r.PeriodStart));
        Assert.Equal(shown, history.Credits.Select(c => c.PeriodStart));
    }

    [Theory, OnBothDatabases]
    public async Task The_account_lead_creates_and_changes_a_guarantee_that_both_sides_read(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var lead = await db.ScopeOfAsync(world.AccountLeadId);
        var p = world.PartnershipAId;

        var created = await db.Guarantees.CreateAsync(lead, p, GuaranteeRulesTests.Valid with { Currency = " eur ", Target = 97.5m }, Ct);
        var changed = await db.Guarantees.UpdateAsync(lead, p, created!.Id, GuaranteeRulesTests.Valid with
        {
            Metric = GuaranteeMetric.QualityPpm, Target = 250, PenaltyKind = PenaltyKind.FixedAmount, PenaltyFixedMinor = 500_00,
            Period = GuaranteePeriod.Quarter, EffectiveTo = new DateOnly(2026, 12, 31),
        }, Ct);

        Assert.Equal((GuaranteeMetric.OnTimeInFull, 97.5m, GuaranteeComparison.AtLeast, 250, "EUR", true),
            (created.Metric, created.Target, created.Comparison, created.PenaltyBasisPoints, created.Currency, created.EarlyCountsAsOnTime));
        Assert.Equal((GuaranteeMetric.QualityPpm, 250m, GuaranteeComparison.AtMost, 0, 500_00L, GuaranteePeriod.Quarter, new DateOnly(2026, 12, 31)),
            (changed!.Metric, changed.Target, changed.Comparison, changed.PenaltyBasisPoints, changed.PenaltyFixedMinor, changed.Period, changed.EffectiveTo));
        Assert.Equal(changed, Assert.Single(await db.Guarantees.GetHistoryAsync(await db.ScopeOfAsync(world.CustomerEngineerAId), p, cancellationToken: Ct)).Guarantee);
        Assert.Equal(["Created", "Updated"], (await AuditRows.ForEntityAsync(db, "Guarantee", created.Id)).Select(a => a.Action));
    }

    [Theory, OnBothDatabases]
    public async Task Customers_and_other_staff_cannot_agree_guarantees_and_another_tenant_finds_none(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var p = world.PartnershipAId;
        var created = await db.Guarantees.CreateAsync(await db.ScopeOfAsync(world.AdminId), p, GuaranteeRulesTests.Valid, Ct);

        var customerLead = await db.ScopeOfAsync(world.CustomerLeadAId);
        var engineer = await db.ScopeOfAsync(world.UnassignedEngineerId);
        var admin = await db.ScopeOfAsync(world.AdminId);
        await Assert.ThrowsAsync<ScopeException>(() => db.Guarantees.CreateAsync(customerLead, p, GuaranteeRulesTests.Valid, Ct));
        await Assert.ThrowsAsync<ScopeException>(() => db.Guarantees.UpdateAsync(engineer, p, created!.Id, GuaranteeRulesTests.Valid, Ct));
        var error = await Assert.ThrowsAsync<ValidationException>(() => db.Guarantees.CreateAsync(admin, p, GuaranteeRulesTests.Valid with { CapMinor = 0 }, Ct));
        Assert.Contains("CapMinor", error.Errors.Keys);

        var leadB = await db.ScopeOfAsync(world.CustomerLeadBId);
        Assert.Null(await db.Guarantees.GetAsync(leadB, p, created!.Id, Ct));
        Assert.Null(await db.Guarantees.GetAsync(leadB, world.PartnershipBId, created.Id, Ct));
        Assert.Empty(await db.Guarantees.GetHistoryAsync(leadB, p, cancellationToken: Ct));
        // A supplier lead not on partnership A cannot reach it either.
        var outsiderLead = await db.Users.CreateAsync(await db.ScopeOfAsync(world.AdminId), new Portal.Data.Users.NewUser(world.SupplierOrgId, "ola@acme.test", "Ola", Portal.Data.Users.PortalRole.AccountLead), null, Ct);
        var outsider = await db.ScopeOfAsync(outsiderLead.Id);
        Assert.Null(await db.Guarantees.CreateAsync(outsider, p, GuaranteeRulesTests.Valid, Ct));
        Assert.Null(await db.Guarantees.UpdateAsync(outsider, p, created.Id, GuaranteeRulesTests.Valid with { Target = 1 }, Ct));
        Assert.Equal(95m, (await db.Guarantees.GetAsync(await db.ScopeOfAsync(world.AdminId), p, created.Id, Ct))!.Target);
    }
}
