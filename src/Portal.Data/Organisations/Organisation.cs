namespace Portal.Data.Organisations;

public enum OrganisationKind
{
    Supplier,
    Customer,
}

public sealed record Organisation
{
    public long Id { get; init; }
    public required string Name { get; init; }
    public OrganisationKind Kind { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The IANA zone its people read times in unless they choose their own.</summary>
    public string TimeZone { get; init; } = Tenancy.PortalTimeZones.Utc;
}
