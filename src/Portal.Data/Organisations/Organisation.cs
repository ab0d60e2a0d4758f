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
}
