using Portal.Data.Users;

namespace Portal.Data.Tenancy;

public enum ActorKind
{
    User,
    ErpClient,
    System,
}

/// <summary>
/// Who is calling and which partnerships they may see, resolved once per request. Every store method
/// that reads or writes domain data takes one and puts <see cref="PartnershipIds"/> into its SQL.
/// </summary>
public sealed record CallerScope
{
    public required ActorKind Kind { get; init; }
    public long? ActorId { get; init; }
    public required string ActorName { get; init; }
    public long? OrganisationId { get; init; }
    public bool IsSupplier { get; init; }
    public bool IsAdmin { get; init; }

    /// <summary>The signed-in person's role; null for ERP clients and jobs.</summary>
    public PortalRole? Role { get; init; }
    public required IReadOnlyList<long> PartnershipIds { get; init; }

    /// <summary>The IANA zone the person reads times in: their own choice, else their organisation's; UTC for clients and jobs.</summary>
    public string TimeZone { get; init; } = PortalTimeZones.Utc;

    public bool CanSee(long partnershipId) => PartnershipIds.Contains(partnershipId);

    /// <summary>A background job acting on the partnerships it was given, never more.</summary>
    public static CallerScope ForSystem(string jobName, params long[] partnershipIds) => new()
    {
        Kind = ActorKind.System,
        ActorName = jobName,
        IsSupplier = true,
        PartnershipIds = partnershipIds,
    };
}
