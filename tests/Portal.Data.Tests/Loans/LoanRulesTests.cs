using Portal.Data.Loans;
using static Portal.Data.Loans.LoanActor;
using static Portal.Data.Loans.LoanState;

namespace Portal.Data.Tests.Loans;

public sealed class LoanRulesTests
{
    /// <summary>Every legal move and who makes it; anything not listed here must be refused.</summary>
    public static TheoryData<LoanState, LoanState, LoanActor> Legal => new()
    {
        { Requested, Approved, SupplierManager },
        { Requested, Declined, SupplierManager },
        { Requested, Cancelled, SupplierManager },
        { Requested, Cancelled, Customer },
        { Approved, Cancelled, SupplierManager },
        { Approved, Cancelled, Customer },
        { Approved, Shipped, SupplierManager },
        { Shipped, InUse, Customer },
        { Shipped, WrittenOff, SupplierManager },
        { InUse, ReturnDue, Customer },
        { InUse, ReturnDue, LoanActor.System },
        { InUse, ConvertedToPurchase, SupplierManager },
        { InUse, WrittenOff, SupplierManager },
        { ReturnDue, Returned, SupplierManager },
        { ReturnDue, ConvertedToPurchase, SupplierManager },
        { ReturnDue, WrittenOff, SupplierManager },
    };

    [Theory, MemberData(nameof(Legal))]
    public void Legal_moves_are_allowed(LoanState from, LoanState to, LoanActor actor)
    {
        var decision = LoanRules.Decide(from, to, actor);

        Assert.True(decision.Allowed, decision.Error);
        Assert.Contains(to, LoanRules.NextFor(from, actor));
    }

    [Fact]
    public void Every_other_combination_is_refused_with_a_message()
    {
        var legal = Legal.Select(row => (row.Data.Item1, row.Data.Item2, row.Data.Item3)).ToHashSet();
        var refused = 0;
        foreach (var from in Enum.GetValues<LoanState>())
        foreach (var to in Enum.GetValues<LoanState>())
        foreach (var actor in Enum.GetValues<LoanActor>())
        {
            if (legal.Contains((from, to, actor)))
            {
                continue;
            }
            refused++;
            var decision = LoanRules.Decide(from, to, actor);
            Assert.False(decision.Allowed, $"{from} → {to} by {actor} should be refused");
            Assert.False(string.IsNullOrWhiteSpace(decision.Error));
            Assert.DoesNotContain(to, LoanRules.NextFor(from, actor));
        }
        Assert.Equal(10 * 10 * Enum.GetValues<LoanActor>().Length - legal.Count, refused);
    }

    [Fact]
    public void A_move_that_exists_for_someone_else_is_forbidden_and_one_that_does_not_exist_is_not()
    {
        Assert.True(LoanRules.Decide(Requested, Approved, Customer).Forbidden);
        Assert.True(LoanRules.Decide(Shipped, InUse, SupplierManager).Forbidden);
        Assert.True(LoanRules.Decide(Requested, Approved, SupplierStaff).Forbidden);
        Assert.False(LoanRules.Decide(Requested, Shipped, SupplierManager).Forbidden);
        Assert.False(LoanRules.Decide(Returned, InUse, Customer).Forbidden);
    }

    [Fact]
    public void Closed_states_lead_nowhere()
    {
        foreach (var closed in LoanRules.Closed)
        {
            Assert.All(Enum.GetValues<LoanActor>(), actor => Assert.Empty(LoanRules.NextFor(closed, actor)));
        }
    }

    [Theory]
    [InlineData("2026-01-15", "2026-01-15", 0)]
    [InlineData("2026-01-15", "2026-02-14", 0)]
    [InlineData("2026-01-15", "2026-02-15", 1)]
    [InlineData("2026-01-31", "2026-02-28", 1)]
    [InlineData("2026-01-15", "2026-07-20", 6)]
    [InlineData("2025-11-15", "2026-11-15", 12)]
    [InlineData("2026-03-01", "2026-02-01", 0)]
    public void Full_months_count_whole_months_only(string from, string to, int months) =>
        Assert.Equal(months, LoanRules.FullMonths(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    // value, fee, months in use, credit %, price
    [InlineData(1_000_000, 50_000, 6, 50, 850_000)]
    [InlineData(1_000_000, 50_000, 6, 100, 700_000)]
    [InlineData(1_000_000, 50_000, 6, 0, 1_000_000)]
    [InlineData(1_000_000, 0, 6, 50, 1_000_000)]
    [InlineData(100_000, 50_000, 12, 50, 0)]
    [InlineData(1_000, 333, 1, 50, 834)]
    public void The_conversion_price_credits_the_agreed_share_of_rent_and_never_goes_below_zero(long value, long fee, int months, int percent, long price)
    {
        var since = new DateOnly(2026, 1, 10);
        var offer = LoanRules.Offer(value, fee, since, since.AddMonths(months).AddDays(3), percent, "EUR");

        Assert.Equal(price, offer.PriceMinor);
        Assert.Equal(months, offer.FullMonthsInUse);
        Assert.Equal(fee * months, offer.RentPaidMinor);
        Assert.Equal(percent, offer.CreditPercent);
    }

    [Fact]
    public void A_loan_never_in_use_earns_no_credit() =>
        Assert.Equal(500_000, LoanRules.Offer(500_000, 20_000, null, new DateOnly(2026, 6, 1), 50, "EUR").PriceMinor);

    [Fact]
    public void Overdue_means_held_past_the_end_date()
    {
        var end = new DateOnly(2026, 5, 31);
        Assert.False(LoanRules.IsOverdue(InUse, end, end));
        Assert.True(LoanRules.IsOverdue(InUse, end, end.AddDays(1)));
        Assert.True(LoanRules.IsOverdue(ReturnDue, end, end.AddDays(1)));
        Assert.False(LoanRules.IsOverdue(Returned, end, end.AddDays(9)));
        Assert.False(LoanRules.IsOverdue(Shipped, end, end.AddDays(9)));
    }

    [Fact]
    public void A_request_needs_equipment_a_purpose_and_sensible_dates()
    {
        var today = new DateOnly(2026, 3, 2);

        var errors = LoanRules.Validate(new NewLoan(0, " ", today.AddDays(-1), today.AddDays(-2), -1, -1), today);

        Assert.Equal(["Deposit", "EndsOn", "EquipmentId", "MonthlyFee", "Purpose", "StartsOn"], errors.Keys.Order());
        Assert.Empty(LoanRules.Validate(new NewLoan(1, "Trial of the new probe", today, today.AddMonths(3)), today));
        Assert.Contains("EndsOn", LoanRules.Validate(new NewLoan(1, "Long", today, today.AddYears(4)), today).Keys);
    }

    [Fact]
    public void A_register_item_needs_a_name_model_serial_and_currency()
    {
        var errors = LoanRules.Validate(new EquipmentInput("", "", "", -1, "EURO", "", EquipmentCondition.Good, "", true, false));

        Assert.Equal(["Currency", "Model", "Name", "Serial", "Value"], errors.Keys.Order());
    }
}
