using Portal.Data.Database;
using Portal.Data.Loans;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Loans;

public sealed class EquipmentStoreTests
{
    [Theory, OnBothDatabases]
    public async Task Supplier_staff_keep_the_register_and_serials_are_unique(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await LoanWorld.SeedAsync(db);
        var engineer = await db.ScopeOfAsync(w.World.UnassignedEngineerId);

        var duplicate = await Assert.ThrowsAsync<ValidationException>(() => db.Equipment.CreateAsync(engineer, LoanWorld.Item("Copy", "X", "spx-0001", 1, true), Ct));
        Assert.Equal(EquipmentStore.SerialTaken, duplicate.Errors["Serial"]);
        var invalid = await Assert.ThrowsAsync<ValidationException>(() => db.Equipment.CreateAsync(engineer, LoanWorld.Item("", "X", "NEW-1", 1, true), Ct));
        Assert.Equal(["Name"], invalid.Errors.Keys);

        var edited = (await db.Equipment.UpdateAsync(engineer, w.InHouseProbeId, LoanWorld.Item("Reference probe", "RP-9b", "RP-0009", 95_000, true) with { Location = "Lab 2" }, Ct))!;

        Assert.Equal(("RP-9b", 95_000L, "Lab 2", true), (edited.Model, edited.ValueMinor, edited.Location, edited.AvailableForLoan));
        await Assert.ThrowsAsync<ValidationException>(() => db.Equipment.UpdateAsync(engineer, w.InHouseProbeId, LoanWorld.Item("Probe", "RP", "SPX-0001", 1, true), Ct));
        Assert.Null(await db.Equipment.UpdateAsync(engineer, 999_999, LoanWorld.Item("Ghost", "G", "G-1", 1, true), Ct));
        Assert.Equal(["Added", "Edited"], (await AuditRows.ForEntityAsync(db, "Equipment", w.InHouseProbeId)).Select(a => a.Action));
    }

    [Theory, OnBothDatabases]
    public async Task An_item_committed_to_a_customer_cannot_be_retired_until_the_loan_closes(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await LoanWorld.SeedAsync(db);
        var lead = await db.ScopeOfAsync(w.World.AccountLeadId);
        var loan = await w.LoanToAAsync(db, LoanState.ReturnDue);
        var item = (await db.Equipment.GetAsync(lead, w.SpectrometerId, Ct))!;
        var retire = new EquipmentInput(item.Name, item.Model, item.Serial, item.ValueMinor, item.Currency, item.Location, item.Condition, item.Notes,
            item.AvailableForLoan, Retired: true);

        var refused = await Assert.ThrowsAsync<ValidationException>(() => db.Equipment.UpdateAsync(lead, w.SpectrometerId, retire, Ct));
        Assert.StartsWith(EquipmentStore.StillOnLoan, refused.Errors["Retired"]);
        Assert.False((await db.Equipment.GetAsync(lead, w.SpectrometerId, Ct))!.Retired);

        await db.Loans.TransitionAsync(lead, w.World.PartnershipAId, loan.Id, LoanState.Returned, new LoanStep(EquipmentCondition.Good, "Back in the case"), Ct);
        Assert.True((await db.Equipment.UpdateAsync(lead, w.SpectrometerId, retire, Ct))!.Retired);
    }

    [Theory, OnBothDatabases]
    public async Task The_register_searches_and_pages(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await LoanWorld.SeedAsync(db);
        var admin = await db.ScopeOfAsync(w.World.AdminId);
        for (var i = 0; i < 25; i++)
        {
            await db.Equipment.CreateAsync(admin, LoanWorld.Item($"Pipette {i:00}", "P", $"P-{i:00}", 1_000, true), Ct);
        }

        var page2 = await db.Equipment.SearchAsync(admin, "pipette", 2, Ct);
        var bySerial = await db.Equipment.SearchAsync(admin, "spx-0001", 1, Ct);

        Assert.Equal((25L, 5), (page2.Total, page2.Items.Count));
        Assert.Equal([w.SpectrometerId], bySerial.Items.Select(i => i.Id));
        Assert.Equal(28, (await db.Equipment.SearchAsync(admin, null, 1, Ct)).Total);
    }

    [Theory, OnBothDatabases]
    public async Task Maintenance_is_logged_per_item(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await LoanWorld.SeedAsync(db);
        var engineer = await db.ScopeOfAsync(w.World.UnassignedEngineerId);

        await db.Equipment.AddMaintenanceAsync(engineer, w.SpectrometerId, new NewMaintenance(LoanWorld.Today.AddDays(-30), "Lamp replaced", "Service team"), Ct);
        await db.Equipment.AddMaintenanceAsync(engineer, w.SpectrometerId, new NewMaintenance(LoanWorld.Today, "Wavelength calibration", "Ed"), Ct);
        var future = await Assert.ThrowsAsync<ValidationException>(() =>
            db.Equipment.AddMaintenanceAsync(engineer, w.SpectrometerId, new NewMaintenance(LoanWorld.Today.AddDays(1), " ", ""), Ct));

        Assert.Equal(["PerformedBy", "PerformedOn", "Work"], future.Errors.Keys.Order());
        Assert.Equal(["Wavelength calibration", "Lamp replaced"], (await db.Equipment.GetMaintenancePageAsync(engineer, w.SpectrometerId, 1, Ct)).Items.Select(m => m.Work));
        Assert.Equal(0, (await db.Equipment.GetMaintenancePageAsync(engineer, w.InHouseProbeId, 1, Ct)).Total);
        Assert.Null(await db.Equipment.AddMaintenanceAsync(engineer, 999_999, new NewMaintenance(LoanWorld.Today, "x", "y"), Ct));
    }

    [Theory, OnBothDatabases]
    public async Task A_long_maintenance_log_comes_a_page_at_a_time_latest_work_first(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await LoanWorld.SeedAsync(db);
        var engineer = await db.ScopeOfAsync(w.World.UnassignedEngineerId);
        var entries = EquipmentStore.MaintenancePageSize + 3;
        for (var i = 0; i < entries; i++)
        {
            await db.Equipment.AddMaintenanceAsync(engineer, w.SpectrometerId, new NewMaintenance(LoanWorld.Today.AddDays(-i), $"Check {i}", "Ed"), Ct);
        }

        var first = await db.Equipment.GetMaintenancePageAsync(engineer, w.SpectrometerId, 1, Ct);
        var second = await db.Equipment.GetMaintenancePageAsync(engineer, w.SpectrometerId, 2, Ct);

        Assert.Equal(((long)entries, 2), (first.Total, first.PageCount));
        Assert.Equal(Enumerable.Range(0, EquipmentStore.MaintenancePageSize).Select(i => $"Check {i}"), first.Items.Select(m => m.Work));
        Assert.Equal(["Check 20", "Check 21", "Check 22"], second.Items.Select(m => m.Work));
    }

    [Theory, OnBothDatabases]
    public async Task Customers_cannot_read_or_change_the_register(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await LoanWorld.SeedAsync(db);

        foreach (var customerId in new[] { w.World.CustomerLeadAId, w.World.CustomerEngineerBId })
        {
            var customer = await db.ScopeOfAsync(customerId);
            await Assert.ThrowsAsync<ScopeException>(() => db.Equipment.SearchAsync(customer, null, 1, Ct));
            await Assert.ThrowsAsync<ScopeException>(() => db.Equipment.GetAsync(customer, w.SpectrometerId, Ct));
            await Assert.ThrowsAsync<ScopeException>(() => db.Equipment.CreateAsync(customer, LoanWorld.Item("Mine", "M", "M-1", 1, true), Ct));
            await Assert.ThrowsAsync<ScopeException>(() => db.Equipment.UpdateAsync(customer, w.SpectrometerId, LoanWorld.Item("Mine", "M", "M-1", 1, true), Ct));
            await Assert.ThrowsAsync<ScopeException>(() => db.Equipment.GetMaintenancePageAsync(customer, w.SpectrometerId, 1, Ct));
            await Assert.ThrowsAsync<ScopeException>(() => db.Equipment.AddMaintenanceAsync(customer, w.SpectrometerId, new NewMaintenance(LoanWorld.Today, "x", "y"), Ct));
        }
    }
}
