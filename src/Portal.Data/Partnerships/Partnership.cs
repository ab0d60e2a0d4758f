namespace Portal.Data.Partnerships;

public sealed record Partnership
{
    public long Id { get; init; }
    public long SupplierOrgId { get; init; }
    public long CustomerOrgId { get; init; }
    public required string Name { get; init; }
    public required string CustomerName { get; init; }
    public required string SupplierName { get; init; }
    public required string Currency { get; init; }

    /// <summary>The short code in front of the partnership's record numbers: "NOR" in NOR-DR-12.</summary>
    public string Code { get; init; } = "";
    public long? SupplierLeadUserId { get; init; }
    public string? SupplierLeadName { get; init; }
    public long? CustomerLeadUserId { get; init; }
    public string? CustomerLeadName { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>What an admin enters to create or edit a partnership.</summary>
public sealed record PartnershipInput(string Name, long CustomerOrgId, string Currency, long? SupplierLeadUserId, long? CustomerLeadUserId);

public sealed record PartnershipMember
{
    public long UserId { get; init; }
    public required string DisplayName { get; init; }
    public required string Email { get; init; }
    public Users.PortalRole Role { get; init; }
}
