using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Portal.Data.Scorecards;
using Portal.Data.Tenancy;

namespace Portal.Web.Pages.Health;

/// <summary>The scorecard's targets, floors and weights: read by both sides, set by the supplier's admins and account leads.</summary>
public sealed class TargetsModel(ScorecardTargetStore targets) : PartnershipPageModel
{
    /// <summary>One form row per metric, keyed by the metric's name.</summary>
    [BindProperty] public Dictionary<string, TargetInput> Inputs { get; set; } = [];

    public IReadOnlyDictionary<ScorecardMetric, MetricTarget> Effective { get; private set; } = new Dictionary<ScorecardMetric, MetricTarget>();

    public IReadOnlySet<ScorecardMetric> Overridden { get; private set; } = new HashSet<ScorecardMetric>();

    public bool CanEdit => Scope.May(Permission.ManageScorecards);

    public sealed class TargetInput
    {
        public decimal Target { get; set; }
        public decimal Floor { get; set; }
        public int Weight { get; set; }
    }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var entered = ScorecardRules.Definitions.ToDictionary(d => d.Metric,
            d => Inputs.TryGetValue(d.Metric.ToString(), out var i) ? new MetricTarget(i.Target, i.Floor, i.Weight) : ScorecardRules.DefaultTargets[d.Metric]);
        return await targets.SetAsync(Scope, PartnershipId, entered, cancellationToken)
            ? Done("Targets saved. They apply to the months computed from now on.", RedirectToPage())
            : NotFound();
    }

    public override async Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var overrides = await targets.GetOverridesAsync(Scope, PartnershipId, cancellationToken);
        Effective = ScorecardRules.Effective(overrides);
        Overridden = overrides.Keys.ToHashSet();
        // A posted form keeps what was entered; metrics it left out show what is in force.
        foreach (var (metric, target) in Effective)
        {
            Inputs.TryAdd(metric.ToString(), new TargetInput { Target = target.Target, Floor = target.Floor, Weight = target.Weight });
        }
    }

    public static string Number(decimal value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
