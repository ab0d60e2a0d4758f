using System.Data.Common;
using Dapper;

namespace Portal.Data.Quality;

/// <summary>The partnership's synced ERP rows an issue may point at, offered by the raise form.</summary>
public sealed record QualityReferenceChoices(
    IReadOnlyList<ReferenceChoice> Items,
    IReadOnlyList<ReferenceChoice> PurchaseOrders,
    IReadOnlyList<ReferenceChoice> Deliveries,
    IReadOnlyList<string> Lots);

public sealed record ReferenceChoice
{
    public long Id { get; init; }
    public required string Label { get; init; }
}

/// <summary>
/// Checks an issue's references against the partnership's own ERP rows. A reference to another partnership's row
/// reads exactly like one that does not exist: a field error, never a hint that it exists elsewhere.
/// </summary>
internal static class QualityReferences
{
    public static async Task AddErrorsAsync(DbConnection connection, DbTransaction transaction, long partnershipId, NewQualityIssue input, Dictionary<string, string> errors, CancellationToken cancellationToken)
    {
        var parameters = new { partnershipId, input.ItemId, input.PurchaseOrderId, input.DeliveryId, Lot = input.Lot?.Trim() };
        if (!await ExistsAsync("SELECT COUNT(*) > 0 FROM items WHERE id = @ItemId AND partnership_id = @partnershipId"))
        {
            errors["ItemId"] = "Choose an item of this partnership.";
        }
        if (input.PurchaseOrderId is not null && !await ExistsAsync("SELECT COUNT(*) > 0 FROM purchase_orders WHERE id = @PurchaseOrderId AND partnership_id = @partnershipId"))
        {
            errors["PurchaseOrderId"] = "Choose a purchase order of this partnership.";
        }
        if (input.DeliveryId is not null && !await ExistsAsync("SELECT COUNT(*) > 0 FROM deliveries WHERE id = @DeliveryId AND partnership_id = @partnershipId"))
        {
            errors["DeliveryId"] = "Choose a delivery of this partnership.";
        }
        if (!string.IsNullOrWhiteSpace(input.Lot) && !await ExistsAsync(
                """
                SELECT COUNT(*) > 0 FROM delivery_lines
                WHERE partnership_id = @partnershipId AND lot = @Lot AND (@DeliveryId IS NULL OR delivery_id = @DeliveryId)
                """))
        {
            errors["Lot"] = input.DeliveryId is null ? "No delivery of this partnership has this lot." : "The chosen delivery has no such lot.";
        }

        Task<bool> ExistsAsync(string sql) => connection.ExecuteScalarAsync<bool>(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
    }

    public static async Task<QualityReferenceChoices> ChoicesAsync(DbConnection connection, long partnershipId, int recent, CancellationToken cancellationToken)
    {
        var parameters = new { partnershipId, recent };
        var items = await connection.QueryAsync<ReferenceChoice>(new CommandDefinition(
            "SELECT id, sku || ' · ' || name AS label FROM items WHERE partnership_id = @partnershipId ORDER BY name", parameters, cancellationToken: cancellationToken));
        var orders = await connection.QueryAsync<ReferenceChoice>(new CommandDefinition(
            "SELECT id, number AS label FROM purchase_orders WHERE partnership_id = @partnershipId ORDER BY ordered_on DESC, id DESC LIMIT @recent", parameters, cancellationToken: cancellationToken));
        var deliveries = await connection.QueryAsync<ReferenceChoice>(new CommandDefinition(
            "SELECT id, external_id AS label FROM deliveries WHERE partnership_id = @partnershipId ORDER BY delivered_on DESC, id DESC LIMIT @recent", parameters, cancellationToken: cancellationToken));
        var lots = await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT lot FROM delivery_lines WHERE partnership_id = @partnershipId AND lot IS NOT NULL
            GROUP BY lot ORDER BY MAX(id) DESC LIMIT @recent
            """, parameters, cancellationToken: cancellationToken));
        return new QualityReferenceChoices(items.ToList(), orders.ToList(), deliveries.ToList(), lots.ToList());
    }
}
