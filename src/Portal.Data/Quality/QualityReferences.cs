using System.Data.Common;
using Dapper;
using Portal.Data.Database;

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

    /// <summary>For an order or a delivery: the items on it, so that the form can offer only those that fit the chosen item.</summary>
    public IReadOnlyList<long> ItemIds { get; init; } = [];

    /// <summary>For a delivery: the orders whose lines it carried.</summary>
    public IReadOnlyList<long> OrderIds { get; init; } = [];
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
        // The references must tell one story: the order has a line for the item, and the delivery carried that line.
        if (input.PurchaseOrderId is not null && errors.Count == 0 && !await ExistsAsync(
                "SELECT COUNT(*) > 0 FROM purchase_order_lines WHERE purchase_order_id = @PurchaseOrderId AND item_id = @ItemId"))
        {
            errors["PurchaseOrderId"] = "The chosen order has no line for this item.";
        }
        if (input.DeliveryId is not null && errors.Count == 0 && !await ExistsAsync(
                """
                SELECT COUNT(*) > 0 FROM delivery_lines dl JOIN purchase_order_lines l ON l.id = dl.po_line_id
                WHERE dl.delivery_id = @DeliveryId AND l.item_id = @ItemId AND (@PurchaseOrderId IS NULL OR l.purchase_order_id = @PurchaseOrderId)
                """))
        {
            errors["DeliveryId"] = input.PurchaseOrderId is null ? "The chosen delivery carried no line of this item." : "The chosen delivery carried no line of this order and item.";
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

    public static async Task<QualityReferenceChoices> ChoicesAsync(DbConnection connection, Dialect dialect, long partnershipId, int recent, CancellationToken cancellationToken)
    {
        var parameters = new { partnershipId, recent };
        var items = await connection.QueryAsync<ReferenceChoice>(new CommandDefinition(
            "SELECT id, sku || ' · ' || name AS label FROM items WHERE partnership_id = @partnershipId ORDER BY name", parameters, cancellationToken: cancellationToken));
        var orders = await connection.QueryAsync<ReferenceChoice>(new CommandDefinition(
            "SELECT id, number AS label FROM purchase_orders WHERE partnership_id = @partnershipId ORDER BY ordered_on DESC, id DESC LIMIT @recent", parameters, cancellationToken: cancellationToken));
        var deliveries = await connection.QueryAsync<ReferenceChoice>(new CommandDefinition(
            "SELECT id, external_id AS label FROM deliveries WHERE partnership_id = @partnershipId ORDER BY delivered_on DESC, id DESC LIMIT @recent", parameters, cancellationToken: cancellationToken));
        var orderItems = (await connection.QueryAsync<(long OrderId, long ItemId)>(new CommandDefinition(
            $"SELECT DISTINCT purchase_order_id, item_id FROM purchase_order_lines WHERE {dialect.InList("purchase_order_id", "@Orders")}",
            new { Orders = dialect.ListOf(orders.Select(o => o.Id)) }, cancellationToken: cancellationToken))).ToLookup(r => r.OrderId, r => r.ItemId);
        var deliveryLines = (await connection.QueryAsync<(long DeliveryId, long OrderId, long ItemId)>(new CommandDefinition(
            $"""
            SELECT DISTINCT dl.delivery_id, l.purchase_order_id, l.item_id
            FROM delivery_lines dl JOIN purchase_order_lines l ON l.id = dl.po_line_id
            WHERE {dialect.InList("dl.delivery_id", "@Deliveries")}
            """, new { Deliveries = dialect.ListOf(deliveries.Select(d => d.Id)) }, cancellationToken: cancellationToken))).ToLookup(r => r.DeliveryId);
        var lots = await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT lot FROM delivery_lines WHERE partnership_id = @partnershipId AND lot IS NOT NULL
            GROUP BY lot ORDER BY MAX(id) DESC LIMIT @recent
            """, parameters, cancellationToken: cancellationToken));
        return new QualityReferenceChoices(items.ToList(),
            orders.Select(o => o with { ItemIds = [.. orderItems[o.Id]] }).ToList(),
            deliveries.Select(d => d with { ItemIds = [.. deliveryLines[d.Id].Select(l => l.ItemId).Distinct()], OrderIds = [.. deliveryLines[d.Id].Select(l => l.OrderId).Distinct()] }).ToList(),
            lots.ToList());
    }
}
