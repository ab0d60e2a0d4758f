using Portal.Data.Work;

namespace Portal.Web.Pages.Work;

/// <summary>How My work names each kind: the badge beside an item and the count at the top.</summary>
public static class WorkKindText
{
    public static (string Badge, string Css) Badge(WorkKind kind) => kind switch
    {
        WorkKind.DesignStage => ("Design", "text-bg-info"),
        WorkKind.ActionItem => ("Action", "text-bg-primary"),
        WorkKind.CreditDecision => ("Credit", "text-bg-warning"),
        WorkKind.LoanStep => ("Loan", "text-bg-success"),
        WorkKind.ErpSecret => ("ERP", "text-bg-dark"),
        _ => ("Quality", "text-bg-secondary"),
    };

    public static string Count(WorkKind kind, long count) => (kind, count == 1) switch
    {
        (WorkKind.DesignStage, true) => "1 design stage",
        (WorkKind.DesignStage, false) => $"{count} design stages",
        (WorkKind.QualityStep, true) => "1 8D step",
        (WorkKind.QualityStep, false) => $"{count} 8D steps",
        (WorkKind.QualityVerification, true) => "1 verification to judge",
        (WorkKind.QualityVerification, false) => $"{count} verifications to judge",
        (WorkKind.ActionItem, true) => "1 action item",
        (WorkKind.ActionItem, false) => $"{count} action items",
        (WorkKind.CreditDecision, true) => "1 credit request to decide",
        (WorkKind.CreditDecision, false) => $"{count} credit requests to decide",
        (WorkKind.LoanStep, true) => "1 loan step",
        (WorkKind.LoanStep, false) => $"{count} loan steps",
        (_, true) => "1 ERP secret to switch",
        _ => $"{count} ERP secrets to switch",
    };
}
