using System.ComponentModel.DataAnnotations;
using Portal.Data.Guarantees;

namespace Portal.Web.Pages.Guarantees;

/// <summary>The guarantee form: amounts in major units as people type them. <see cref="GuaranteeRules.Validate"/> checks the ranges.</summary>
public sealed class GuaranteeForm
{
    public GuaranteeMetric Metric { get; set; } = GuaranteeMetric.OnTimeInFull;

    [Required(ErrorMessage = "Give the target.")]
    public decimal? Target { get; set; }

    /// <summary>Empty takes the metric's natural direction.</summary>
    public GuaranteeComparison? Comparison { get; set; }

    public GuaranteePeriod Period { get; set; } = GuaranteePeriod.Month;

    [Display(Name = "Penalty")]
    public PenaltyKind PenaltyKind { get; set; } = PenaltyKind.PercentOfInvoiced;

    [Display(Name = "Percent of invoiced value")]
    public decimal PenaltyPercent { get; set; }

    [Display(Name = "Fixed amount")]
    public MoneyAmount? PenaltyFixed { get; set; }

    [Display(Name = "Cap per period")]
    public MoneyAmount? Cap { get; set; }

    public string? Currency { get; set; }

    [Display(Name = "Effective from")]
    public DateOnly? EffectiveFrom { get; set; }

    [Display(Name = "Effective to")]
    public DateOnly? EffectiveTo { get; set; }

    [Display(Name = "Early deliveries count as on time")]
    public bool EarlyCountsAsOnTime { get; set; } = true;

    public GuaranteeInput ToInput() => new()
    {
        Metric = Metric,
        Target = Target ?? 0,
        Comparison = Comparison,
        Period = Period,
        PenaltyKind = PenaltyKind,
        PenaltyPercent = PenaltyPercent,
        PenaltyFixedMinor = PenaltyFixed?.Minor ?? 0,
        CapMinor = Cap?.Minor ?? 0,
        Currency = Currency ?? "",
        EffectiveFrom = EffectiveFrom ?? default,
        EffectiveTo = EffectiveTo,
        EarlyCountsAsOnTime = EarlyCountsAsOnTime,
    };

    public static GuaranteeForm From(Guarantee g) => new()
    {
        Metric = g.Metric,
        Target = g.Target,
        Comparison = g.Comparison,
        Period = g.Period,
        PenaltyKind = g.PenaltyKind,
        PenaltyPercent = g.PenaltyBasisPoints / 100m,
        PenaltyFixed = new MoneyAmount(g.PenaltyFixedMinor),
        Cap = new MoneyAmount(g.CapMinor),
        Currency = g.Currency,
        EffectiveFrom = g.EffectiveFrom,
        EffectiveTo = g.EffectiveTo,
        EarlyCountsAsOnTime = g.EarlyCountsAsOnTime,
    };
}
