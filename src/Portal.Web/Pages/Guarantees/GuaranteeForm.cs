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
    [Range(0, 1_000_000_000, ErrorMessage = "Enter an amount of at most 1,000,000,000.")]
    public decimal PenaltyFixed { get; set; }

    [Display(Name = "Cap per period")]
    [Range(0, 1_000_000_000, ErrorMessage = "Enter an amount of at most 1,000,000,000.")]
    public decimal Cap { get; set; }

    [Required(ErrorMessage = "Give a three-letter currency code.")]
    public string Currency { get; set; } = "";

    [Required(ErrorMessage = "Give the date the guarantee starts.")]
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
        PenaltyFixedMinor = MoneyInput.ToMinor(PenaltyFixed),
        CapMinor = MoneyInput.ToMinor(Cap),
        Currency = Currency,
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
        PenaltyFixed = MoneyInput.FromMinor(g.PenaltyFixedMinor),
        Cap = MoneyInput.FromMinor(g.CapMinor),
        Currency = g.Currency,
        EffectiveFrom = g.EffectiveFrom,
        EffectiveTo = g.EffectiveTo,
        EarlyCountsAsOnTime = g.EarlyCountsAsOnTime,
    };

    /// <summary>The form field that shows a store error about <paramref name="inputField"/>.</summary>
    public static string FieldFor(string inputField) => inputField switch
    {
        nameof(GuaranteeInput.PenaltyFixedMinor) => nameof(PenaltyFixed),
        nameof(GuaranteeInput.CapMinor) => nameof(Cap),
        _ => inputField,
    };
}
