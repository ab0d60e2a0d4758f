using Dapper;
using Portal.Data.Quality;
using Portal.Data.Tenancy;
using Portal.Data.Tests.Erp;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Quality;

/// <summary>The world with <see cref="SampleHistory"/> synced into both partnerships, and the ids a quality test points at.</summary>
public sealed record QualityWorld(World World, long ItemA, long PurchaseOrderA, long DeliveryA, long ItemB, long DeliveryB)
{
    public static async Task<QualityWorld> SeedAsync(TestDatabase db)
    {
        var world = await World.SeedAsync(db);
        foreach (var partnershipId in new[] { world.PartnershipAId, world.PartnershipBId })
        {
            await db.ErpRecords.ImportHistoryAsync(CallerScope.ForSystem("test sync", partnershipId), partnershipId, SampleHistory.Build(), Ct);
        }
        await using var connection = await db.Database.OpenAsync(Ct);
        Task<long> IdAsync(string table, long partnershipId, string externalId) => connection.ExecuteScalarAsync<long>(
            $"SELECT id FROM {table} WHERE partnership_id = @partnershipId AND external_id = @externalId", new { partnershipId, externalId });
        return new QualityWorld(world,
            await IdAsync("items", world.PartnershipAId, "I-1"),
            await IdAsync("purchase_orders", world.PartnershipAId, "PO-1001"),
            await IdAsync("deliveries", world.PartnershipAId, "D-1"),
            await IdAsync("items", world.PartnershipBId, "I-1"),
            await IdAsync("deliveries", world.PartnershipBId, "D-1"));
    }

    /// <summary>A valid raise on partnership A: item I-1, PO-1001, delivery D-1 and its lot.</summary>
    public NewQualityIssue Cracked(Severity severity = Severity.Critical, int affected = 3, int inspected = 10) =>
        new("Cracked brackets", "Hairline cracks at the bend on incoming inspection.", severity, ItemA, PurchaseOrderA, DeliveryA, "LOT-A", affected, inspected);
}
