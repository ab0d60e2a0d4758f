using Portal.Data.Tenancy;

namespace Portal.Data.Tests.Infrastructure;

public static class CallerScopeExtensions
{
    /// <summary>The same caller with another set of partnerships, e.g. a scope resolved before a change.</summary>
    public static CallerScope Seeing(this CallerScope scope, params long[] partnershipIds) => new()
    {
        Kind = scope.Kind,
        ActorId = scope.ActorId,
        ActorName = scope.ActorName,
        OrganisationId = scope.OrganisationId,
        IsSupplier = scope.IsSupplier,
        IsAdmin = scope.IsAdmin,
        Role = scope.Role,
        PartnershipIds = partnershipIds,
    };
}
