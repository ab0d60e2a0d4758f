using System.ComponentModel.DataAnnotations;
using Portal.Data.Partnerships;

namespace Portal.Web.Pages.Admin.Partnerships;

/// <summary>The fields an admin edits on a partnership, shared by the New and Edit pages.</summary>
public sealed class PartnershipForm
{
    [Required(ErrorMessage = "Give the partnership a name."), StringLength(120, ErrorMessage = "Keep the name under 120 characters.")]
    public string Name { get; set; } = "";

    public long CustomerOrgId { get; set; }

    [Required(ErrorMessage = "Enter a currency code."), RegularExpression("^[A-Za-z]{3}$", ErrorMessage = "Use a three-letter ISO currency code such as EUR.")]
    public string Currency { get; set; } = "EUR";

    public long? SupplierLeadUserId { get; set; }

    public long? CustomerLeadUserId { get; set; }

    public PartnershipInput ToInput() => new(Name, CustomerOrgId, Currency, SupplierLeadUserId, CustomerLeadUserId);
}
