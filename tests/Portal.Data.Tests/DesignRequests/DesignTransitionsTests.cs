using Portal.Data.DesignRequests;
using static Portal.Data.DesignRequests.DesignAction;
using static Portal.Data.DesignRequests.DesignStage;

namespace Portal.Data.Tests.DesignRequests;

public sealed class DesignTransitionsTests
{
    private const bool Supplier = true;
    private const bool Customer = false;

    /// <summary>Every legal move; anything not listed here must be refused.</summary>
    public static TheoryData<DesignStage, DesignAction, bool, FitVerdict?, DesignStage> Legal => new()
    {
        { Submitted, Advance, Supplier, null, Feasibility },
        { Feasibility, Advance, Supplier, FitVerdict.Fit, Design },
        { Feasibility, Advance, Supplier, FitVerdict.Marginal, Design },
        { Design, Advance, Supplier, FitVerdict.Fit, Prototype },
        { Prototype, Advance, Supplier, FitVerdict.Fit, Validation },
        { Validation, Advance, Supplier, FitVerdict.Fit, Released },
        { Feasibility, RecordVerdict, Supplier, FitVerdict.Fit, Feasibility },
        { Feasibility, RecordVerdict, Supplier, FitVerdict.Marginal, Feasibility },
        { Feasibility, RecordVerdict, Supplier, FitVerdict.NotAFit, Declined },
        { Submitted, Withdraw, Customer, null, Withdrawn },
        { Feasibility, Withdraw, Customer, null, Withdrawn },
        { Design, Withdraw, Customer, FitVerdict.Fit, Withdrawn },
        { Prototype, Withdraw, Customer, FitVerdict.Fit, Withdrawn },
        { Validation, Withdraw, Customer, FitVerdict.Fit, Withdrawn },
    };

    [Theory, MemberData(nameof(Legal))]
    public void Legal_moves_lead_to_the_expected_stage(DesignStage from, DesignAction action, bool bySupplier, FitVerdict? verdict, DesignStage to)
    {
        var transition = DesignTransitions.Decide(from, action, bySupplier, verdict);

        Assert.Equal((to, null, false), (transition.To!.Value, transition.Error, transition.Forbidden));
    }

    [Fact]
    public void Everything_else_is_refused_with_a_message()
    {
        var legal = Legal.Select(row => (row.Data.Item1, row.Data.Item2, row.Data.Item3, row.Data.Item4)).ToHashSet();
        var verdicts = new FitVerdict?[] { null, FitVerdict.Fit, FitVerdict.Marginal, FitVerdict.NotAFit };
        var checkedCount = 0;
        foreach (var from in Enum.GetValues<DesignStage>())
        foreach (var action in Enum.GetValues<DesignAction>())
        foreach (var bySupplier in new[] { Supplier, Customer })
        foreach (var verdict in verdicts)
        {
            var transition = DesignTransitions.Decide(from, action, bySupplier, verdict);
            if (IsLegalVariant(legal, from, action, bySupplier, verdict))
            {
                continue;
            }
            checkedCount++;
            Assert.False(transition.Allowed, $"{from} {action} by {(bySupplier ? "supplier" : "customer")} with {verdict} should be refused");
            Assert.False(string.IsNullOrWhiteSpace(transition.Error));
        }
        Assert.True(checkedCount > 100);
    }

    // Advancing and withdrawing do not depend on a verdict except out of Feasibility; the table lists one representative.
    private static bool IsLegalVariant(HashSet<(DesignStage, DesignAction, bool, FitVerdict?)> legal, DesignStage from, DesignAction action, bool bySupplier, FitVerdict? verdict) =>
        legal.Contains((from, action, bySupplier, verdict))
        || (action == Withdraw && !bySupplier && DesignTransitions.IsOpen(from))
        || (action == Advance && bySupplier && from is Submitted or Design or Prototype or Validation);

    [Theory]
    [InlineData(Feasibility, Advance, Supplier, null, "Record the feasibility verdict before moving on to Design.")]
    [InlineData(Feasibility, Advance, Supplier, FitVerdict.NotAFit, "A request that is not a fit is declined, not designed.")]
    [InlineData(Design, RecordVerdict, Supplier, FitVerdict.Fit, "A verdict is given during Feasibility; this request is in Design.")]
    [InlineData(Released, Withdraw, Customer, null, "This request is released; it cannot change any more.")]
    [InlineData(Declined, Advance, Supplier, null, "This request is declined; it cannot change any more.")]
    public void Illegal_moves_say_why(DesignStage from, DesignAction action, bool bySupplier, FitVerdict? verdict, string message) =>
        Assert.Equal(message, DesignTransitions.Decide(from, action, bySupplier, verdict).Error);

    [Theory]
    [InlineData(Submitted, Advance, Customer)]
    [InlineData(Feasibility, RecordVerdict, Customer)]
    [InlineData(Design, Withdraw, Supplier)]
    public void Moves_of_the_other_side_are_forbidden_not_merely_refused(DesignStage from, DesignAction action, bool bySupplier) =>
        Assert.True(DesignTransitions.Decide(from, action, bySupplier, FitVerdict.Fit).Forbidden);
}
