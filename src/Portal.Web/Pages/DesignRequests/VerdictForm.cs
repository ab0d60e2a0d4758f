using Portal.Data.DesignRequests;

namespace Portal.Web.Pages.DesignRequests;

/// <summary>The feasibility verdict as the form posts it.</summary>
public sealed class VerdictForm
{
    public FitVerdict Verdict { get; set; }
    public string? Conditions { get; set; }
    public string? AlternativeName { get; set; }
    public string? AlternativeReason { get; set; }
    public string? AlternativeLink { get; set; }

    public VerdictInput ToInput() => new(Verdict, Conditions, AlternativeName, AlternativeReason, AlternativeLink);
}
