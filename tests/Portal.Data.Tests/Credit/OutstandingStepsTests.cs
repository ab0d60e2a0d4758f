using CsCheck;
using Portal.Data.Credit;

namespace Portal.Data.Tests.Credit;

/// <summary>
/// A record moved on by new reductions (<see cref="OutstandingSteps.Extend"/>) must hold what recomputing it from all its
/// reductions (<see cref="OutstandingSteps.For"/>) gives: the same figures and, day by day, the same amount owed.
/// </summary>
public sealed class OutstandingStepsTests
{
    private static readonly DateOnly Start = new(2026, 3, 1);

    private static readonly Gen<(DateOnly On, long Quantity)> Reduction =
        Gen.Select(Gen.Int[-20, 60], Gen.Long[1, 30], (day, quantity) => (Start.AddDays(day), quantity));

    [Fact]
    public void Extending_by_later_reductions_equals_recomputing_from_all() =>
        Gen.Select(Gen.Long[1, 100], Gen.Long[1, 500], Reduction.Array[0, 8], Reduction.Array[1, 8]).Sample((total, unit, earlier, later) =>
        {
            var before = OutstandingSteps.For(Start, total, unit, earlier);
            var extended = OutstandingSteps.Extend(Start, total, unit, before with { Steps = [] }, later);
            var all = OutstandingSteps.For(Start, total, unit, earlier.Concat(later));
            var first = later.Min(r => r.On);
            if (first <= Start || first < before.LastReducedOn)
            {
                Assert.Null(extended);
                return;
            }
            Assert.NotNull(extended);
            Assert.Equal((all.Reduced, all.LastReducedOn, all.ClearedOn), (extended.Reduced, extended.LastReducedOn, extended.ClearedOn));
            Assert.Equal(OwedByDay(all.Steps), OwedByDay([.. before.Steps, .. extended.Steps]));
        });

    [Fact]
    public void A_receipt_on_the_day_of_the_last_one_moves_the_balance_on()
    {
        var before = OutstandingSteps.For(Start, 10, 100, [(Start.AddDays(5), 4)]);

        var extended = OutstandingSteps.Extend(Start, 10, 100, before with { Steps = [] }, [(Start.AddDays(5), 6)]);

        Assert.NotNull(extended);
        Assert.Equal((10L, (DateOnly?)Start.AddDays(5), (DateOnly?)Start.AddDays(5)), (extended.Reduced, extended.LastReducedOn, extended.ClearedOn));
        Assert.Equal([new OutstandingStep(Start.AddDays(5), -600)], extended.Steps);
    }

    [Fact]
    public void A_receipt_before_the_last_one_on_the_start_or_after_an_unknown_last_one_is_left_to_a_recount()
    {
        var before = OutstandingSteps.For(Start, 10, 100, [(Start.AddDays(5), 4)]);

        Assert.Null(OutstandingSteps.Extend(Start, 10, 100, before, [(Start.AddDays(4), 1)]));
        Assert.Null(OutstandingSteps.Extend(Start, 10, 100, OutstandingSteps.For(Start, 10, 100, []), [(Start, 1)]));
        Assert.Null(OutstandingSteps.Extend(Start, 10, 100, before with { LastReducedOn = null }, [(Start.AddDays(9), 1)]));
    }

    /// <summary>What is owed at the end of each day from 20 days before the start to 80 after it.</summary>
    private static List<(DateOnly Day, long Owed)> OwedByDay(IEnumerable<OutstandingStep> steps)
    {
        var list = steps.ToList();
        return Enumerable.Range(-20, 100).Select(Start.AddDays)
            .Select(day => (day, list.Where(s => s.On <= day).Sum(s => s.DeltaMinor)))
            .ToList();
    }
}
