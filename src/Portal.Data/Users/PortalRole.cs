namespace Portal.Data.Users;

public enum PortalRole
{
    Admin,
    AccountLead,
    Engineer,
    QualityEngineer,
    Finance,
    CustomerEngineer,
    CustomerLead,
}

public static class PortalRoles
{
    public static readonly IReadOnlyList<PortalRole> Supplier =
        [PortalRole.Admin, PortalRole.AccountLead, PortalRole.Engineer, PortalRole.QualityEngineer, PortalRole.Finance];

    public static readonly IReadOnlyList<PortalRole> Customer = [PortalRole.CustomerEngineer, PortalRole.CustomerLead];

    public static bool IsSupplierRole(this PortalRole role) => Supplier.Contains(role);

    /// <summary>A role fits an organisation only on its own side: no customer admins, no supplier customer-leads.</summary>
    public static bool FitsOrganisation(this PortalRole role, Organisations.OrganisationKind kind) =>
        kind == Organisations.OrganisationKind.Supplier ? role.IsSupplierRole() : !role.IsSupplierRole();

    public static string Label(this PortalRole role) => role switch
    {
        PortalRole.AccountLead => "Account lead",
        PortalRole.QualityEngineer => "Quality engineer",
        PortalRole.CustomerEngineer => "Customer engineer",
        PortalRole.CustomerLead => "Customer lead",
        _ => role.ToString(),
    };
}
