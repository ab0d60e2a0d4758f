using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Portal.Data.DesignRequests;
using Portal.Data.Quality;
using Portal.Data.Tenancy;

namespace Portal.Web.Pages.Targets;

/// <summary>
/// The partnership's agreed target times: working days per design stage and the containment window per severity.
/// Both sides read them (they are part of the deal); the supplier's admins and account leads change them.
/// </summary>
public sealed class IndexModel(DesignRequestStore designRequests, ContainmentTargetStore containment) : PartnershipPageModel
{
    private const string DaysMessage = "Enter whole working days from 1 to 250.";
    private const string HoursMessage = "Enter whole hours from 1 to 2160 (90 days).";

    [BindProperty, Range(1, 250, ErrorMessage = DaysMessage)] public int FeasibilityDays { get; set; }
    [BindProperty, Range(1, 250, ErrorMessage = DaysMessage)] public int DesignDays { get; set; }
    [BindProperty, Range(1, 250, ErrorMessage = DaysMessage)] public int PrototypeDays { get; set; }
    [BindProperty, Range(1, 250, ErrorMessage = DaysMessage)] public int ValidationDays { get; set; }
    [BindProperty, Range(1, 2160, ErrorMessage = HoursMessage)] public int CriticalHours { get; set; }
    [BindProperty, Range(1, 2160, ErrorMessage = HoursMessage)] public int MajorHours { get; set; }
    [BindProperty, Range(1, 2160, ErrorMessage = HoursMessage)] public int MinorHours { get; set; }

    public bool CanEdit => Scope.May(Permission.AgreeTerms);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var stages = await designRequests.GetStageTargetsAsync(Scope, PartnershipId, cancellationToken);
        (FeasibilityDays, DesignDays, PrototypeDays, ValidationDays) = (Days(DesignStage.Feasibility), Days(DesignStage.Design), Days(DesignStage.Prototype), Days(DesignStage.Validation));
        var overrides = await containment.GetAsync(Scope, PartnershipId, cancellationToken);
        (CriticalHours, MajorHours, MinorHours) = (Hours(Severity.Critical), Hours(Severity.Major), Hours(Severity.Minor));

        int Days(DesignStage stage) => stages.DaysFor(stage)!.Value;
        int Hours(Severity severity) => (int)QualityRules.ContainmentWindow(severity, overrides).TotalHours;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        foreach (var (stage, days) in new[] { (DesignStage.Feasibility, FeasibilityDays), (DesignStage.Design, DesignDays), (DesignStage.Prototype, PrototypeDays), (DesignStage.Validation, ValidationDays) })
        {
            await designRequests.SetStageTargetAsync(Scope, PartnershipId, stage, days, cancellationToken);
        }
        foreach (var (severity, hours) in new[] { (Severity.Critical, CriticalHours), (Severity.Major, MajorHours), (Severity.Minor, MinorHours) })
        {
            await containment.SetAsync(Scope, PartnershipId, severity, hours, cancellationToken);
        }
        return Done("Target times saved. They apply to stages started and issues raised from now on.", RedirectToPage());
    }
}
