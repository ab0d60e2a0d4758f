using CsCheck;
using Portal.Data.Scorecards;

namespace Portal.Data.Tests.Scorecards;

/// <summary>The scoring for any values, any targets and any mix of metrics with and without data.</summary>
public sealed class ScorecardPropertyTests
{
    private static readonly Gen<decimal?> Value = Gen.Select(Gen.Int[0, 3], Gen.Decimal[0m, 20_000m], (n, d) => n == 0 ? (decimal?)null : decimal.Round(d, 3));

    private static readonly Gen<Dictionary<ScorecardMetric, decimal?>> Values =
        Value.Array[ScorecardRules.Definitions.Count].Select(a => ScorecardRules.Definitions.Select((d, i) => (d.Metric, a[i])).ToDictionary(x => x.Metric, x => x.Item2));

    private static readonly Gen<ScorecardMetric> Metric = Gen.Enum<ScorecardMetric>();

    [Fact]
    public void Scores_lie_between_0_and_100_and_sides_between_their_metrics() =>
        Values.Sample(values =>
        {
            var (metrics, supplier, customer) = ScorecardRules.ScoreMonth(values, ScorecardRules.DefaultTargets);
            return metrics.All(m => m.Score is null or >= 0 and <= 100)
                && Within(supplier, metrics, ScorecardSide.Supplier) && Within(customer, metrics, ScorecardSide.Customer);
        });

    [Fact]
    public void The_weights_of_each_side_sum_to_100() =>
        Assert.All(Enum.GetValues<ScorecardSide>(), side => Assert.Equal(100, ScorecardRules.Of(side).Sum(d => ScorecardRules.DefaultTargets[d.Metric].Weight)));

    [Fact]
    public void A_metric_without_data_does_not_move_its_side() =>
        Gen.Select(Values, Metric).Sample((values, metric) =>
        {
            // Removing a metric's data must give the same side score as scoring the side without that metric at all.
            var without = new Dictionary<ScorecardMetric, decimal?>(values) { [metric] = null };
            var side = ScorecardRules.Definition(metric).Side;
            var (metrics, _, _) = ScorecardRules.ScoreMonth(without, ScorecardRules.DefaultTargets);
            var scored = ScorecardRules.ScoreSide(side, metrics);
            var alone = ScorecardRules.ScoreSide(side, metrics.Where(m => m.Metric != metric));
            var zeroWeight = ScorecardRules.ScoreSide(side, metrics.Select(m => m.Metric == metric ? m with { Target = m.Target with { Weight = 0 } } : m));
            return metrics.Single(m => m.Metric == metric).State == HealthState.NoData
                && scored.WeightWithData == alone.WeightWithData
                && (scored.State == HealthState.InsufficientData || (scored.Score == zeroWeight.Score && scored.Score == alone.Score) || alone.State == HealthState.InsufficientData);
        });

    [Fact]
    public void Better_values_never_score_lower() =>
        Gen.Select(Values, Metric, Gen.Decimal[0m, 5_000m]).Sample((values, metric, step) =>
        {
            if (values[metric] is not { } value)
            {
                return true;
            }
            var better = ScorecardRules.Definition(metric).HigherIsBetter ? value + step : Math.Max(0, value - step);
            var improved = new Dictionary<ScorecardMetric, decimal?>(values) { [metric] = better };
            var side = ScorecardRules.Definition(metric).Side;
            var before = ScorecardRules.ScoreMonth(values, ScorecardRules.DefaultTargets);
            var after = ScorecardRules.ScoreMonth(improved, ScorecardRules.DefaultTargets);
            var (b, a) = side == ScorecardSide.Supplier ? (before.Supplier, after.Supplier) : (before.Customer, after.Customer);
            return after.Metrics.Single(m => m.Metric == metric).Score >= before.Metrics.Single(m => m.Metric == metric).Score
                && (b.Score is null || a.Score >= b.Score);
        });

    [Fact]
    public void The_same_inputs_give_the_same_scores() =>
        Values.Sample(values =>
        {
            var first = ScorecardRules.ScoreMonth(values, ScorecardRules.DefaultTargets);
            var second = ScorecardRules.ScoreMonth(new Dictionary<ScorecardMetric, decimal?>(values.Reverse()), ScorecardRules.DefaultTargets);
            return first.Metrics.SequenceEqual(second.Metrics) && first.Supplier == second.Supplier && first.Customer == second.Customer;
        });

    private static bool Within(SideScore side, IReadOnlyList<MetricScore> metrics, ScorecardSide which)
    {
        var scores = metrics.Where(m => ScorecardRules.Definition(m.Metric).Side == which && m.Score is not null).Select(m => m.Score!.Value).ToList();
        return side.Score is null || (side.Score >= scores.Min() - 0.05m && side.Score <= scores.Max() + 0.05m);
    }
}
