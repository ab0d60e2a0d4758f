using Portal.Data.Scorecards;

namespace Portal.Data.Tests.Scorecards;

public sealed class ScorecardRulesTests
{
    public static TheoryData<decimal, decimal, decimal, decimal> Scores => new()
    {
        // value, target, floor, score: higher is better (OTIF 95 / 80)
        { 95m, 95m, 80m, 100m },
        { 99m, 95m, 80m, 100m },
        { 80m, 95m, 80m, 0m },
        { 50m, 95m, 80m, 0m },
        { 87.5m, 95m, 80m, 50m },
        { 92m, 95m, 80m, 80m },
        // lower is better (ppm 500 / 5000): the target is below the floor
        { 500m, 500m, 5_000m, 100m },
        { 0m, 500m, 5_000m, 100m },
        { 5_000m, 500m, 5_000m, 0m },
        { 9_000m, 500m, 5_000m, 0m },
        { 2_750m, 500m, 5_000m, 50m },
        { 1m, 0m, 3m, 66.7m },
    };

    [Theory, MemberData(nameof(Scores))]
    public void A_score_is_linear_between_floor_and_target_and_clamped(decimal value, decimal target, decimal floor, decimal expected) =>
        Assert.Equal(expected, ScorecardRules.Score(value, new MetricTarget(target, floor, 10)));

    [Theory]
    [InlineData(100, HealthState.Green)]
    [InlineData(80, HealthState.Green)]
    [InlineData(79.9, HealthState.Amber)]
    [InlineData(50, HealthState.Amber)]
    [InlineData(49.9, HealthState.Red)]
    [InlineData(0, HealthState.Red)]
    public void States_follow_the_score(decimal score, HealthState state) => Assert.Equal(state, ScorecardRules.StateOf(score));

    [Fact]
    public void The_defaults_are_valid_and_each_side_weighs_100()
    {
        Assert.Empty(ScorecardRules.Validate(ScorecardRules.DefaultTargets));
        Assert.All(Enum.GetValues<ScorecardMetric>(), m => Assert.True(ScorecardRules.DefaultTargets.ContainsKey(m)));
        Assert.Equal(Enum.GetValues<ScorecardMetric>().Length, ScorecardRules.Definitions.Count);
    }

    [Fact]
    public void A_metric_without_data_is_no_data_and_left_out_of_its_side()
    {
        var targets = ScorecardRules.DefaultTargets;
        var values = new Dictionary<ScorecardMetric, decimal?>
        {
            [ScorecardMetric.OnTimeInFull] = 95m,        // 100 × 25
            [ScorecardMetric.QualityPpm] = 5_000m,       // 0 × 20
            [ScorecardMetric.ContainmentOnTime] = 95m,   // 100 × 10
            [ScorecardMetric.OpenQualityIssues] = 0m,    // 100 × 5
            [ScorecardMetric.OpenIssueAverageAgeDays] = null,
            [ScorecardMetric.FeasibilityTurnaroundDays] = null,
            [ScorecardMetric.GuaranteePeriodsMet] = null,
            [ScorecardMetric.PenaltyCreditsIssued] = null,
            [ScorecardMetric.DesignStagesOnTime] = null,
        };
        var (metrics, supplier, customer) = ScorecardRules.ScoreMonth(values, targets);

        Assert.Equal(HealthState.NoData, metrics.Single(m => m.Metric == ScorecardMetric.FeasibilityTurnaroundDays).State);
        Assert.Null(metrics.Single(m => m.Metric == ScorecardMetric.FeasibilityTurnaroundDays).Score);
        // (2500 + 0 + 1000 + 500) / 60 = 66.7
        Assert.Equal(new SideScore(ScorecardSide.Supplier, 66.7m, HealthState.Amber, 60), supplier);
        Assert.Equal(new SideScore(ScorecardSide.Customer, null, HealthState.InsufficientData, 0), customer);
    }

    [Theory]
    [InlineData(50, HealthState.Amber)]
    [InlineData(49, HealthState.InsufficientData)]
    public void A_side_with_less_than_half_its_weight_measured_is_insufficient_data(int weightWithData, HealthState expected)
    {
        var metrics = new[]
        {
            new MetricScore(ScorecardMetric.InvoicesPaidOnTime, 90m, new MetricTarget(95, 70, weightWithData), 60m, HealthState.Amber),
            new MetricScore(ScorecardMetric.CreditUtilisation, null, new MetricTarget(80, 110, 100 - weightWithData), null, HealthState.NoData),
        };
        Assert.Equal(expected, ScorecardRules.ScoreSide(ScorecardSide.Customer, metrics).State);
    }

    [Theory]
    [InlineData(90, 95, Trend.Up, 5)]
    [InlineData(95, 90, Trend.Down, -5)]
    [InlineData(90, 90, Trend.Same, 0)]
    public void Trends_compare_with_the_previous_month(decimal previous, decimal current, Trend direction, decimal delta) =>
        Assert.Equal(new TrendOf(direction, delta), ScorecardRules.TrendBetween(previous, current));

    [Fact]
    public void No_trend_without_both_months() =>
        Assert.Equal(new TrendOf(Trend.None, null), ScorecardRules.TrendBetween(null, 5m));

    [Fact]
    public void Lower_ppm_is_an_improvement()
    {
        Assert.True(ScorecardRules.Improved(ScorecardMetric.QualityPpm, new TrendOf(Trend.Down, -100)));
        Assert.False(ScorecardRules.Improved(ScorecardMetric.OnTimeInFull, new TrendOf(Trend.Down, -1)));
    }

    public static TheoryData<HealthState, decimal?, HealthState, decimal?, bool> Drops => new()
    {
        { HealthState.Green, 85m, HealthState.Amber, 79m, true },
        { HealthState.Amber, 55m, HealthState.Red, 45m, true },
        { HealthState.Green, 100m, HealthState.Red, 10m, true },
        { HealthState.Green, 100m, HealthState.Green, 84m, true },   // 16 points, more than 15
        { HealthState.Green, 100m, HealthState.Green, 85m, false },  // exactly 15
        { HealthState.Red, 10m, HealthState.Amber, 60m, false },
        { HealthState.InsufficientData, null, HealthState.Red, 10m, false },
        { HealthState.Green, 90m, HealthState.InsufficientData, null, false },
    };

    [Theory, MemberData(nameof(Drops))]
    public void A_drop_is_a_lower_grade_or_more_points_than_allowed(HealthState before, decimal? beforeScore, HealthState after, decimal? afterScore, bool drop) =>
        Assert.Equal(drop, ScorecardRules.IsDrop(new SideScore(ScorecardSide.Supplier, beforeScore, before, 100),
            new SideScore(ScorecardSide.Supplier, afterScore, after, 100), ScorecardRules.DefaultAlertDropPoints));

    [Fact]
    public void Targets_the_wrong_way_round_and_weights_not_summing_to_100_are_refused()
    {
        var targets = new Dictionary<ScorecardMetric, MetricTarget>(ScorecardRules.DefaultTargets)
        {
            [ScorecardMetric.QualityPpm] = new(5_000, 500, 20),
            [ScorecardMetric.LoansOverdue] = new(0, 3, 11),
        };
        var errors = ScorecardRules.Validate(targets);
        Assert.Contains("lower is better", errors[nameof(ScorecardMetric.QualityPpm)]);
        Assert.Contains("sum to 101", errors["CustomerWeights"]);
        Assert.False(errors.ContainsKey("SupplierWeights"));
    }

    [Fact]
    public void Closed_months_run_from_the_start_to_last_month_at_most_24_back()
    {
        var today = new DateOnly(2026, 3, 2);
        Assert.Equal([new(2025, 12, 1), new(2026, 1, 1), new(2026, 2, 1)], ScorecardRules.ClosedMonths(new DateOnly(2025, 12, 15), today, 24));
        var capped = ScorecardRules.ClosedMonths(new DateOnly(2019, 1, 1), today, 24);
        Assert.Equal(24, capped.Count);
        Assert.Equal(new DateOnly(2024, 3, 1), capped[0]);
        Assert.Empty(ScorecardRules.ClosedMonths(new DateOnly(2026, 3, 1), today, 24));
    }
}
