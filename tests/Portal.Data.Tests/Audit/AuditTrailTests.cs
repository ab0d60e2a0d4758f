using Dapper;
using Portal.Data.Database;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Audit;

public sealed class AuditTrailTests
{
    [Theory, OnBothDatabases]
    public async Task A_change_and_its_audit_row_commit_together(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);
        var auditRowsBefore = await AuditRows.CountAsync(db);

        await db.Database.InTransactionAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync("UPDATE partnerships SET name = 'Alpha 2027' WHERE id = @PartnershipAId", new { world.PartnershipAId }, transaction);
            await db.Trail.RecordAsync(connection, transaction, admin, world.PartnershipAId, "Partnership", world.PartnershipAId, "Renamed",
                new { Name = "Alpha programme" }, new { Name = "Alpha 2027" });
        }, Ct);

        var row = (await AuditRows.ForEntityAsync(db, "Partnership", world.PartnershipAId)).Last();
        Assert.Equal(auditRowsBefore + 1, await AuditRows.CountAsync(db));
        Assert.Equal(("Renamed", "User", world.AdminId, "ada.admin"), (row.Action, row.ActorKind, row.ActorId, row.ActorName));
        Assert.Equal(TestDatabase.Start, row.OccurredAt);
        Assert.Equal("""{"name":"Alpha programme"}""", row.BeforeJson);
        Assert.Equal("""{"name":"Alpha 2027"}""", row.AfterJson);
    }

    [Theory, OnBothDatabases]
    public async Task A_rolled_back_change_leaves_no_audit_row(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);
        var auditRowsBefore = await AuditRows.CountAsync(db);

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.Database.InTransactionAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync("UPDATE partnerships SET name = 'Alpha 2027' WHERE id = @PartnershipAId", new { world.PartnershipAId }, transaction);
            await db.Trail.RecordAsync(connection, transaction, admin, world.PartnershipAId, "Partnership", world.PartnershipAId, "Renamed", null, null);
            throw new InvalidOperationException("The feature failed after auditing.");
        }, Ct));

        Assert.Equal(auditRowsBefore, await AuditRows.CountAsync(db));
        Assert.Equal("Alpha programme", (await db.Partnerships.GetAsync(admin, world.PartnershipAId, Ct))?.Name);
    }

    [Theory, OnBothDatabases]
    public async Task A_store_change_refused_by_a_constraint_leaves_no_audit_row(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var admin = await db.ScopeOfAsync(world.AdminId);
        var auditRowsBefore = await AuditRows.CountAsync(db);

        await Assert.ThrowsAsync<DuplicateException>(() => db.Organisations.RenameAsync(admin, world.CustomerBOrgId, "Alpha Motors", Ct));

        Assert.Equal(auditRowsBefore, await AuditRows.CountAsync(db));
    }
}
