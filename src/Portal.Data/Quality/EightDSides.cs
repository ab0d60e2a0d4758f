using Portal.Data.Tenancy;
using Portal.Data.Users;

namespace Portal.Data.Quality;

public enum QualitySide
{
    Supplier,
    Customer,
}

/// <summary>
/// Who does what in 8D, as pure functions. The supplier contains, analyses, corrects and prevents: D1–D7 are its work,
/// D6 being its evidence that the correction works. The customer judges that evidence (accepts or rejects D6) and
/// agrees closure (D8, done by closing). Due dates are commitments: only the owning side's lead moves one, with a
/// reason, and never once the step is done. D3 on time decides containment penalties, so neither side may do the
/// other side's part. Supplier finance and ERP clients read issues but take no part in the work.
/// </summary>
public static class EightDSides
{
    public static QualitySide Owner(EightDStep step) => step == EightDStep.D8 ? QualitySide.Customer : QualitySide.Supplier;

    /// <summary>The caller's side in 8D work; null for callers who take no part (supplier finance, ERP clients, jobs).</summary>
    public static QualitySide? SideOf(CallerScope scope) =>
        scope.May(Permission.SupplierWork) ? QualitySide.Supplier : scope.May(Permission.CustomerWork) ? QualitySide.Customer : null;

    /// <summary>A side's lead: the supplier's admins and account leads, the customer's leads.</summary>
    public static bool IsLead(CallerScope scope) =>
        SideOf(scope) is not null && scope.Role is PortalRole.Admin or PortalRole.AccountLead or PortalRole.CustomerLead;

    /// <summary>Null when the caller's side does this step's work (completes it, owns it, writes its notes).</summary>
    public static string? WhyNotYourStep(CallerScope scope, EightDStep step) =>
        SideOf(scope) == Owner(step) ? null : $"{step} ({step.Title()}) is the {Label(Owner(step))}'s work.";

    /// <summary>Null when the caller may move this step's due time now; the reason is checked separately.</summary>
    public static string? WhyNotMoveDue(CallerScope scope, EightDStep step) =>
        WhyNotYourStep(scope, step) ?? (IsLead(scope) ? null : $"Only the {Label(Owner(step))}'s lead moves the due date of {step}.");

    /// <summary>Null when the caller may judge the corrective action: the customer's people, never the supplier itself.</summary>
    public static string? WhyNotJudge(CallerScope scope) =>
        SideOf(scope) == QualitySide.Customer ? null : "Only the customer side accepts or rejects the verification.";

    /// <summary>
    /// Null when the caller may change the severity: the customer's lead, because severity states the problem's weight
    /// to the customer and fixes the containment window the supplier is measured against.
    /// </summary>
    public static string? WhyNotChangeSeverity(CallerScope scope) =>
        SideOf(scope) == QualitySide.Customer && IsLead(scope) ? null : "Only the customer's lead changes an issue's severity.";

    public static string Label(QualitySide side) => side == QualitySide.Supplier ? "supplier" : "customer";
}
