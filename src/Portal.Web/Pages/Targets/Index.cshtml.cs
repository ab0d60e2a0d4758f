using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Portal.Data.DesignRequests;
using Portal.Data.Partnerships;
using Portal.Data.Quality;
using Portal.Data.Tenancy;
using Portal.Data.Users;

namespace Portal.Web.Pages.Targets;

/// <summary>
/// The partnership's agreed target times: working days per design stage, the containment window per severity and who
/// owns D1–D3 of a new issue of each severity. Both sides read them (they are part of the deal); the supplier's admins
/// and account leads change them.
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

    [BindProperty] public long? CriticalOwner { get; set; }
    [BindProperty] public long? MajorOwner { get; set; }
    [BindProperty] public long? MinorOwner { get; set; }

    /// <summary>The supplier's people of the partnership: one of them owns D1–D3 of each new issue.</summary>
    public IReadOnlyList<PartnershipPerson> SupplierPeople { get; private set; } = [];

    public bool CanEdit => Scope.May(Permission.AgreeTerms);

    /// <summary>Who owns D1–D3 when no one is chosen: the same choice the store makes when an issue is raised.</summary>
    public string AutomaticOwner => SupplierPeople.FirstOrDefault(p => p.Role == PortalRole.QualityEngineer) is { } engineer
        ? $"The quality engineer ({engineer.DisplayName})"
        : "The account lead";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var stages = await designRequests.GetStageTargetsAsync(Scope, PartnershipId, cancellationToken);
        (FeasibilityDays, DesignDays, PrototypeDays, ValidationDays) = (Days(DesignStage.Feasibility), Days(DesignStage.Design), Days(DesignStage.Prototype), Days(DesignStage.Validation));
        var overrides = await containment.GetAsync(Scope, PartnershipId, cancellationToken);
        (CriticalHours, MajorHours, MinorHours) = (Hours(Severity.Critical), Hours(Severity.Major), Hours(Severity.Minor));
        var owners = await containment.GetDefaultOwnersAsync(Scope, PartnershipId, cancellationToken);
        (CriticalOwner, MajorOwner, MinorOwner) = (Owner(Severity.Critical), Owner(Severity.Major), Owner(Severity.Minor));
        await LoadPeopleAsync(cancellationToken);

        int Days(DesignStage stage) => stages.DaysFor(stage)!.Value;
        int Hours(Severity severity) => (int)QualityRules.ContainmentWindow(severity, overrides).TotalHours;
        long? Owner(Severity severity) => owners.TryGetValue(severity, out var id) ? id : null;
    }

    public override async Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken)
    {
        await LoadPeopleAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        foreach (var (stage, days) in new[] { (DesignStage.Feasibility, FeasibilityDays), (DesignStage.Design, DesignDays), (DesignStage.Prototype, PrototypeDays), (DesignStage.Validation, ValidationDays) })
        {
            await designRequests.SetStageTargetAsync(Scope, PartnershipId, stage, days, cancellationToken);
        }
        foreach (var (severity, hours, owner) in new[] { (Severity.Critical, CriticalHours, CriticalOwner), (Severity.Major, MajorHours, MajorOwner), (Severity.Minor, MinorHours, MinorOwner) })
        {
            await containment.SetAsync(Scope, PartnershipId, severity, hours, owner, cancellationToken);
        }
        return Done("Target times and owners saved. They apply to stages started and issues raised from now on.", RedirectToPage());
    }

    private async Task LoadPeopleAsync(CancellationToken cancellationToken) =>
        SupplierPeople = [.. (await designRequests.GetPeopleAsync(Scope, PartnershipId, cancellationToken)).Where(p => p.IsSupplier && p.Role != PortalRole.Finance)];
}
