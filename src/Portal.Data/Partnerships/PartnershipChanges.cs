namespace Portal.Data.Partnerships;

public enum PartnershipChange
{
    Created,
    Updated,
}

public enum PartnershipMemberChange
{
    Assigned,
    Unassigned,
}

/// <summary>A supplier person's assignment to a partnership, as the trail keeps it.</summary>
public sealed record PartnershipMembership(long PartnershipId, long UserId);
