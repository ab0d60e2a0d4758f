using Portal.Data.Tenancy;

namespace Portal.Data.Tests.Infrastructure;

public static class CallerScopeExtensions
{
    /// <summary>The same caller with another set of partnerships, e.g. a scope resolved before a change.</summary>
    public static CallerScope Seeing(this CallerScope scope, params long[] partnershipIds) => scope with { PartnershipIds = partnershipIds };
}
