using System.ComponentModel.DataAnnotations;
using Portal.Data.Quality;

namespace Portal.Web.Pages.Quality;

/// <summary>The fields of the raise form. The store checks the rest: affected within inspected, references within the partnership.</summary>
public sealed class QualityIssueForm
{
    [Required(ErrorMessage = "Give the issue a short title."), StringLength(200, ErrorMessage = "Keep the title under 200 characters.")]
    public string Title { get; set; } = "";

    [Required(ErrorMessage = "Describe what was found.")]
    public string Description { get; set; } = "";

    public Severity Severity { get; set; } = Severity.Major;

    [Required(ErrorMessage = "Choose the item.")]
    [Display(Name = "Item")]
    public long? ItemId { get; set; }

    [Display(Name = "Purchase order")]
    public long? PurchaseOrderId { get; set; }

    [Display(Name = "Delivery")]
    public long? DeliveryId { get; set; }

    public string? Lot { get; set; }

    [Display(Name = "Quantity affected")]
    [Range(0, int.MaxValue, ErrorMessage = "The affected quantity cannot be negative.")]
    public int QuantityAffected { get; set; }

    [Display(Name = "Quantity inspected")]
    [Range(0, int.MaxValue, ErrorMessage = "The inspected quantity cannot be negative.")]
    public int QuantityInspected { get; set; }

    public NewQualityIssue ToInput() =>
        new(Title, Description, Severity, ItemId ?? 0, PurchaseOrderId, DeliveryId, Lot, QuantityAffected, QuantityInspected);
}
