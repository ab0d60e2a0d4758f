using Portal.Data.Partnerships;

namespace Portal.Web.Pages.Admin.Partnerships;

/// <summary>The fields an admin edits on a partnership, shared by the New and Edit pages; the store checks them.</summary>
public sealed class PartnershipForm
{
    public string? Name { get; set; }

    public long CustomerOrgId { get; set; }

    public string? Currency { get; set; } = "EUR";

    public long? SupplierLeadUserId { get; set; }

    public long? CustomerLeadUserId { get; set; }

    public PartnershipInput ToInput() => new(Name ?? "", CustomerOrgId, Currency ?? "", SupplierLeadUserId, CustomerLeadUserId);
}
