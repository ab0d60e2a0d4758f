using System.ComponentModel.DataAnnotations;
using Portal.Data.Quality;

namespace Portal.Web.Pages.Quality;

/// <summary>
/// The fields of the raise form. No rule is checked here: the store checks them all (<see cref="QualityRules.Validate"/>
/// and the references within the partnership) and its messages land on these fields.
/// </summary>
public sealed class QualityIssueForm
{
    public string? Title { get; set; }

    public string? Description { get; set; }

    public Severity Severity { get; set; } = Severity.Major;

    [Display(Name = "Item")]
    public long? ItemId { get; set; }

    [Display(Name = "Purchase order")]
    public long? PurchaseOrderId { get; set; }

    [Display(Name = "Delivery")]
    public long? DeliveryId { get; set; }

    public string? Lot { get; set; }

    [Display(Name = "Quantity affected")]
    public int QuantityAffected { get; set; }

    [Display(Name = "Quantity inspected")]
    public int QuantityInspected { get; set; }

    public NewQualityIssue ToInput() =>
        new(Title ?? "", Description ?? "", Severity, ItemId ?? 0, PurchaseOrderId, DeliveryId, Lot, QuantityAffected, QuantityInspected);
}
