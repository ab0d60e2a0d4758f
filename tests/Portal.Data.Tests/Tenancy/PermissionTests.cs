using Portal.Data.Tenancy;
using Portal.Data.Users;

namespace Portal.Data.Tests.Tenancy;

/// <summary>The one question stores and pages ask, written out role by role for the acts that are not sided (docs/sides.md has the sided ones).</summary>
public sealed class PermissionTests
{
    [Theory]
    [InlineData(PortalRole.Finance, Permission.DecideCredit, true)]
    [InlineData(PortalRole.Admin, Permission.DecideCredit, false)]
    [InlineData(PortalRole.AccountLead, Permission.DecideCredit, false)]
    [InlineData(PortalRole.CustomerLead, Permission.DecideCredit, false)]
    [InlineData(PortalRole.Admin, Permission.SetCreditLine, true)]
    [InlineData(PortalRole.AccountLead, Permission.SetCreditLine, false)]
    [InlineData(PortalRole.CustomerEngineer, Permission.RequestCredit, true)]
    [InlineData(PortalRole.Engineer, Permission.RequestCredit, false)]
    [InlineData(PortalRole.CustomerLead, Permission.ManageErpConnections, true)]
    [InlineData(PortalRole.CustomerEngineer, Permission.ManageErpConnections, false)]
    [InlineData(PortalRole.AccountLead, Permission.AgreeTerms, true)]
    [InlineData(PortalRole.Finance, Permission.AgreeTerms, false)]
    [InlineData(PortalRole.Finance, Permission.VoidPenaltyCredits, true)]
    [InlineData(PortalRole.Admin, Permission.EvaluateGuarantees, true)]
    [InlineData(PortalRole.AccountLead, Permission.EvaluateGuarantees, false)]
    [InlineData(PortalRole.Finance, Permission.SupplierWork, false)]
    [InlineData(PortalRole.QualityEngineer, Permission.SupplierWork, true)]
    [InlineData(PortalRole.CustomerEngineer, Permission.CustomerWork, true)]
    [InlineData(PortalRole.AccountLead, Permission.ManageLoans, true)]
    [InlineData(PortalRole.Engineer, Permission.RequestLoan, false)]
    [InlineData(PortalRole.CustomerLead, Permission.RequestLoan, true)]
    [InlineData(PortalRole.Admin, Permission.CloseHealthAlerts, true)]
    [InlineData(PortalRole.AccountLead, Permission.CloseHealthAlerts, true)]
    [InlineData(PortalRole.CustomerLead, Permission.CloseHealthAlerts, true)]
    [InlineData(PortalRole.Engineer, Permission.CloseHealthAlerts, false)]
    [InlineData(PortalRole.Finance, Permission.CloseHealthAlerts, false)]
    [InlineData(PortalRole.CustomerEngineer, Permission.CloseHealthAlerts, false)]
    public void A_person_may_what_their_role_allows(PortalRole role, Permission permission, bool expected) =>
        Assert.Equal(expected, Person(role).May(permission));

    [Fact]
    public void An_erp_client_does_none_of_the_peoples_acts_and_a_refusal_says_why()
    {
        var erp = new CallerScope { Kind = ActorKind.ErpClient, ActorName = "ERP", PartnershipIds = [1] };

        Assert.DoesNotContain(Enum.GetValues<Permission>(), erp.May);
        var refused = Assert.Throws<Portal.Data.Database.ScopeException>(() => erp.Require(Permission.DecideCredit));
        Assert.Equal(Permissions.Refusal(Permission.DecideCredit), refused.Message);
    }

    private static CallerScope Person(PortalRole role) => new()
    {
        Kind = ActorKind.User, ActorId = 1, ActorName = "Someone", IsSupplier = role.IsSupplierRole(), IsAdmin = role == PortalRole.Admin, Role = role, PartnershipIds = [1],
    };
}
