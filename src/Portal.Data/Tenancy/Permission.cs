using Portal.Data.Database;
using Portal.Data.Users;

namespace Portal.Data.Tenancy;

/// <summary>
/// What a caller may do inside the partnerships it sees (tenancy decides which records; this decides which acts).
/// A store and a page ask the same question, <c>scope.May(Permission.X)</c>, and a store refuses with
/// <c>scope.Require(Permission.X)</c>: a <see cref="ScopeException"/> with the refusal below, 403 on a page and
/// PERMISSION_DENIED on gRPC. Acts whose side depends on the record (8D steps, design stages, loan moves) build on
/// <see cref="Permission.SupplierWork"/>, <see cref="Permission.CustomerWork"/> and <see cref="Permission.ManageLoans"/>
/// in their rules (docs/sides.md).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix",
    Justification = "A permission of the portal's own model, not a .NET code-access IPermission: the word the business and docs/sides.md use.")]
public enum Permission
{
    /// <summary>Set the partnership's credit line: supplier Finance and admins (and jobs).</summary>
    SetCreditLine,

    /// <summary>Ask for a credit extension or deferral: the customer's people, the supplier's account leads, Finance and admins.</summary>
    RequestCredit,

    /// <summary>Approve or decline a credit arrangement: supplier Finance.</summary>
    DecideCredit,

    /// <summary>Create, rotate and revoke ERP connections: admins and the account leads of either side (and jobs).</summary>
    ManageErpConnections,

    /// <summary>Agree guarantees and target times with the customer: the supplier's admins and account leads (and jobs).</summary>
    AgreeTerms,

    /// <summary>Run the guarantee evaluation now: supplier admins.</summary>
    EvaluateGuarantees,

    /// <summary>Void a penalty credit: supplier Finance.</summary>
    VoidPenaltyCredits,

    /// <summary>The supplier's side of the joint work (8D D1–D7, design stages and verdicts): supplier staff but Finance.</summary>
    SupplierWork,

    /// <summary>The customer's side of the joint work (judging 8D, closing, withdrawing a request, receiving a loan): the customer's people.</summary>
    CustomerWork,

    /// <summary>Approve, ship and take back loans and set their terms: the supplier's admins and account leads.</summary>
    ManageLoans,

    /// <summary>Ask for a loan: the customer's people, or the supplier's account lead on their behalf.</summary>
    RequestLoan,

    /// <summary>Set scorecard targets, compute a month again and see the portfolio: the supplier's admins and account leads (and jobs).</summary>
    ManageScorecards,

    /// <summary>Close an open health alert: the supplier's admins and account leads, and the customer's lead (both companies' account people).</summary>
    CloseHealthAlerts,
}

public static class Permissions
{
    public static bool May(this CallerScope scope, Permission permission) => permission switch
    {
        Permission.SetCreditLine => scope.Kind == ActorKind.System || (scope.Kind == ActorKind.User && scope.IsSupplier && scope.Role is PortalRole.Finance or PortalRole.Admin),
        Permission.RequestCredit => scope.Kind == ActorKind.User && (scope.IsSupplier
            ? scope.Role is PortalRole.AccountLead or PortalRole.Finance or PortalRole.Admin
            : scope.Role is PortalRole.CustomerEngineer or PortalRole.CustomerLead),
        Permission.DecideCredit or Permission.VoidPenaltyCredits => scope is { Kind: ActorKind.User, IsSupplier: true, Role: PortalRole.Finance },
        Permission.ManageErpConnections => scope.IsAdmin || scope.Kind == ActorKind.System || scope.Role is PortalRole.AccountLead or PortalRole.CustomerLead,
        Permission.AgreeTerms or Permission.ManageScorecards => scope.IsSupplier && scope.Role is null or PortalRole.Admin or PortalRole.AccountLead,
        Permission.EvaluateGuarantees => scope is { IsSupplier: true, Role: PortalRole.Admin },
        Permission.SupplierWork => scope is { Kind: ActorKind.User, IsSupplier: true } && scope.Role != PortalRole.Finance,
        Permission.CustomerWork => scope is { Kind: ActorKind.User, IsSupplier: false },
        Permission.ManageLoans => scope is { Kind: ActorKind.User, IsSupplier: true } && (scope.IsAdmin || scope.Role == PortalRole.AccountLead),
        Permission.RequestLoan => scope.May(Permission.ManageLoans) || scope.May(Permission.CustomerWork),
        Permission.CloseHealthAlerts => scope.Kind == ActorKind.User && (scope.IsSupplier ? scope.Role is PortalRole.Admin or PortalRole.AccountLead : scope.Role == PortalRole.CustomerLead),
        _ => false,
    };

    /// <summary>Refuses with <see cref="Refusal"/> unless the caller <see cref="May"/>.</summary>
    public static void Require(this CallerScope scope, Permission permission)
    {
        if (!scope.May(permission))
        {
            throw new ScopeException(Refusal(permission));
        }
    }

    public static string Refusal(Permission permission) => permission switch
    {
        Permission.SetCreditLine => "Credit lines are set by the supplier's Finance team.",
        Permission.RequestCredit => "Credit arrangements are requested by the customer's people or the supplier's account leads and Finance.",
        Permission.DecideCredit => "Only the supplier's Finance team approves or declines credit arrangements.",
        Permission.ManageErpConnections => "Only admins and account leads manage ERP connections.",
        Permission.AgreeTerms => "Guarantees and target times are agreed by the supplier's admins and account leads.",
        Permission.EvaluateGuarantees => "Only the supplier's admins run the guarantee evaluation.",
        Permission.VoidPenaltyCredits => "Only the supplier's Finance may void a penalty credit.",
        Permission.SupplierWork => "This is the supplier's work.",
        Permission.CustomerWork => "This is the customer's part.",
        Permission.ManageLoans => "Loans are managed by the supplier's account lead.",
        Permission.RequestLoan => "Loans are requested by the customer or the supplier's account lead.",
        Permission.ManageScorecards => "Scorecard targets and recomputes are the supplier's admins' and account leads'.",
        Permission.CloseHealthAlerts => "Health alerts are closed by the supplier's admins and account leads or by the customer's lead.",
        _ => "This is not yours to do.",
    };
}
