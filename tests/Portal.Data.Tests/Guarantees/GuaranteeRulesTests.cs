using Portal.Data.DesignRequests;
using Portal.Data.Guarantees;

namespace Portal.Data.Tests.Guarantees;

public sealed class GuaranteeRulesTests
{
    private static readonly DateOnly Due = new(2026, 2, 15);

    public static TheoryData<string, long, (int Day, long Quantity)[], bool, bool> OtifCases => new()
    {
        { "whole on the due date", 10, [(15, 10)], false, true },
        { "whole early, early counts", 10, [(10, 10)], true, true },
        { "whole early, early does not count", 10, [(10, 10)], false, false },
        { "one day late", 10, [(16, 10)], true, false },
        { "partial by the due date, rest late", 10, [(14, 6), (20, 4)], true, false },
        { "two partials by the due date", 10, [(12, 6), (15, 4)], true, true },
        { "early part does not count when early is not on time", 10, [(12, 6), (15, 4)], false, false },
        { "more than ordered", 10, [(15, 12)], false, true },
        { "nothing delivered", 10, [], true, false },
    };

    [Theory, MemberData(nameof(OtifCases))]
    public void On_time_in_full_needs_the_ordered_quantity_by_the_due_date(string why, long ordered, (int Day, long Quantity)[] receipts, bool earlyCounts, bool expected)
    {
        var actual = GuaranteeRules.IsOnTimeInFull(Due, ordered, receipts.Select(r => new Receipt(new DateOnly(2026, 2, r.Day), r.Quantity)), earlyCounts);
        Assert.True(expected == actual, why);
    }

    [Theory]
    [InlineData(PenaltyKind.PercentOfInvoiced, 500, 0, 1_000_00, 120_000, 6_000)]     // 5 % of 1,200.00
    [InlineData(PenaltyKind.PercentOfInvoiced, 500, 0, 50_00, 120_000, 50_00)]        // capped
    [InlineData(PenaltyKind.PercentOfInvoiced, 333, 0, 1_000_00, 1_001, 33)]          // rounded down to the minor unit
    [InlineData(PenaltyKind.PercentOfInvoiced, 500, 0, 1_000_00, 0, 0)]               // nothing invoiced
    [InlineData(PenaltyKind.PercentOfInvoiced, 500, 0, 1_000_00, -5_000, 0)]          // never negative
    [InlineData(PenaltyKind.FixedAmount, 0, 250_00, 1_000_00, 0, 250_00)]            // fixed, whatever was invoiced
    [InlineData(PenaltyKind.FixedAmount, 0, 2_500_00, 1_000_00, 0, 1_000_00)]        // fixed, capped
    [InlineData(PenaltyKind.PercentOfInvoiced, 10_000, 0, long.MaxValue, long.MaxValue, long.MaxValue)] // no overflow
    public void Penalty_is_a_share_or_a_fixed_amount_within_the_cap(PenaltyKind kind, int basisPoints, long fixedMinor, long cap, long invoiced, long expected) =>
        Assert.Equal(expected, GuaranteeRules.Penalty(kind, basisPoints, fixedMinor, cap, invoiced));

    [Theory]
    [InlineData(95.0, 95.0, GuaranteeComparison.AtLeast, PeriodOutcome.Met)]
    [InlineData(94.9, 95.0, GuaranteeComparison.AtLeast, PeriodOutcome.Missed)]
    [InlineData(500.0, 500.0, GuaranteeComparison.AtMost, PeriodOutcome.Met)]
    [InlineData(500.1, 500.0, GuaranteeComparison.AtMost, PeriodOutcome.Missed)]
    [InlineData(null, 95.0, GuaranteeComparison.AtLeast, PeriodOutcome.NoData)]
    [InlineData(null, 500.0, GuaranteeComparison.AtMost, PeriodOutcome.NoData)]
    public void A_period_is_met_missed_or_has_no_data(double? measured, double target, GuaranteeComparison comparison, PeriodOutcome expected) =>
        Assert.Equal(expected, GuaranteeRules.Outcome((decimal?)measured, (decimal)target, comparison));

    [Fact]
    public void Closed_months_run_from_the_effective_month_to_the_last_month_that_has_ended()
    {
        var periods = GuaranteeRules.ClosedPeriods(GuaranteePeriod.Month, new DateOnly(2025, 11, 10), null, new DateOnly(2026, 3, 2));

        Assert.Equal(
            [
                new PeriodWindow(new(2025, 11, 1), new(2025, 11, 30), new(2025, 11, 10), new(2025, 11, 30)),
                new PeriodWindow(new(2025, 12, 1), new(2025, 12, 31), new(2025, 12, 1), new(2025, 12, 31)),
                new PeriodWindow(new(2026, 1, 1), new(2026, 1, 31), new(2026, 1, 1), new(2026, 1, 31)),
                new PeriodWindow(new(2026, 2, 1), new(2026, 2, 28), new(2026, 2, 1), new(2026, 2, 28)),
            ], periods);
    }

    [Fact]
    public void A_period_ending_today_is_not_closed_and_quarters_stop_at_the_effective_end()
    {
        Assert.Empty(GuaranteeRules.ClosedPeriods(GuaranteePeriod.Month, new DateOnly(2026, 2, 1), null, new DateOnly(2026, 2, 28)));
        Assert.Single(GuaranteeRules.ClosedPeriods(GuaranteePeriod.Month, new DateOnly(2026, 2, 1), null, new DateOnly(2026, 3, 1)));

        var quarters = GuaranteeRules.ClosedPeriods(GuaranteePeriod.Quarter, new DateOnly(2025, 2, 1), new DateOnly(2025, 8, 15), new DateOnly(2026, 3, 2));

        Assert.Equal(
            [
                new PeriodWindow(new(2025, 1, 1), new(2025, 3, 31), new(2025, 2, 1), new(2025, 3, 31)),
                new PeriodWindow(new(2025, 4, 1), new(2025, 6, 30), new(2025, 4, 1), new(2025, 6, 30)),
                new PeriodWindow(new(2025, 7, 1), new(2025, 9, 30), new(2025, 7, 1), new(2025, 8, 15)),
            ], quarters);
    }

    [Theory]
    [InlineData(null, 2025, 1, true)]           // never judged: measured however old
    [InlineData(PeriodOutcome.NoData, 2026, 1, true)]
    [InlineData(PeriodOutcome.NoData, 2025, 12, true)]   // ended 31 Dec, 61 days before 2 March
    [InlineData(PeriodOutcome.NoData, 2025, 11, false)]  // ended 30 Nov, 92 days before: final
    [InlineData(PeriodOutcome.Met, 2026, 1, false)]
    [InlineData(PeriodOutcome.Missed, 2026, 1, false)]
    public void Only_unjudged_and_recent_no_data_periods_are_measured(PeriodOutcome? recorded, int year, int month, bool expected)
    {
        var start = new DateOnly(year, month, 1);
        var end = GuaranteeRules.PeriodEndOf(start, GuaranteePeriod.Month);
        Assert.Equal(expected, GuaranteeRules.ShouldMeasure(recorded, new PeriodWindow(start, end, start, end), new DateOnly(2026, 3, 2)));
    }

    [Theory]
    [InlineData(3, 4, 75.0)]
    [InlineData(2, 3, 66.7)]
    [InlineData(0, 2, 0.0)]
    public void Percent_has_one_decimal(long numerator, long denominator, double expected) =>
        Assert.Equal((decimal)expected, GuaranteeRules.Percent(numerator, denominator));

    [Fact]
    public void Nothing_to_count_is_no_value()
    {
        Assert.Null(GuaranteeRules.Percent(0, 0));
        Assert.Null(GuaranteeRules.Average(0, 0));
    }

    [Theory]
    [InlineData(GuaranteeMetric.OnTimeInFull, GuaranteeComparison.AtLeast)]
    [InlineData(GuaranteeMetric.ContainmentOnTime, GuaranteeComparison.AtLeast)]
    [InlineData(GuaranteeMetric.QualityPpm, GuaranteeComparison.AtMost)]
    [InlineData(GuaranteeMetric.FeasibilityTurnaroundDays, GuaranteeComparison.AtMost)]
    public void Each_metric_has_a_natural_direction(GuaranteeMetric metric, GuaranteeComparison expected) =>
        Assert.Equal(expected, GuaranteeRules.DefaultComparison(metric));

    [Fact]
    public void Working_days_between_skip_weekends()
    {
        // Friday 6 Feb 2026 to Tuesday 10 Feb: Monday and Tuesday.
        Assert.Equal(2, WorkingDays.Between(new DateOnly(2026, 2, 6), new DateOnly(2026, 2, 10)));
        Assert.Equal(0, WorkingDays.Between(new DateOnly(2026, 2, 10), new DateOnly(2026, 2, 10)));
        Assert.Equal(new DateOnly(2026, 2, 10), WorkingDays.Add(new DateOnly(2026, 2, 6), WorkingDays.Between(new DateOnly(2026, 2, 6), new DateOnly(2026, 2, 10))));
    }

    public static readonly GuaranteeInput Valid = new()
    {
        Metric = GuaranteeMetric.OnTimeInFull,
        Target = 95,
        Period = GuaranteePeriod.Month,
        PenaltyKind = PenaltyKind.PercentOfInvoiced,
        PenaltyPercent = 2.5m,
        CapMinor = 1_000_00,
        Currency = "EUR",
        EffectiveFrom = new DateOnly(2026, 1, 1),
    };

    public static TheoryData<string, GuaranteeInput, string> InvalidInputs => new()
    {
        { "percent target above 100", Valid with { Target = 100.5m }, "Target" },
        { "negative target", Valid with { Target = -1 }, "Target" },
        { "ppm above a million", Valid with { Metric = GuaranteeMetric.QualityPpm, Target = 1_000_001 }, "Target" },
        { "penalty percent zero", Valid with { PenaltyPercent = 0 }, "PenaltyPercent" },
        { "penalty percent above 100", Valid with { PenaltyPercent = 100.01m }, "PenaltyPercent" },
        { "fixed amount zero", Valid with { PenaltyKind = PenaltyKind.FixedAmount, PenaltyFixedMinor = 0 }, "PenaltyFixedMinor" },
        { "cap zero", Valid with { CapMinor = 0 }, "CapMinor" },
        { "currency not three letters", Valid with { Currency = "EURO" }, "Currency" },
        { "end before start", Valid with { EffectiveTo = new DateOnly(2025, 12, 31) }, "EffectiveTo" },
        { "end on the start", Valid with { EffectiveTo = new DateOnly(2026, 1, 1) }, "EffectiveTo" },
    };

    [Theory, MemberData(nameof(InvalidInputs))]
    public void Validation_names_the_wrong_field(string why, GuaranteeInput input, string field) =>
        Assert.True(GuaranteeRules.Validate(input).ContainsKey(field), why);

    [Fact]
    public void A_valid_input_has_no_errors()
    {
        Assert.Empty(GuaranteeRules.Validate(Valid));
        Assert.Empty(GuaranteeRules.Validate(Valid with { Metric = GuaranteeMetric.QualityPpm, Target = 500, PenaltyKind = PenaltyKind.FixedAmount, PenaltyFixedMinor = 100_00 }));
    }
}
