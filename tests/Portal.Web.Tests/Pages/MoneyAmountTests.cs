using Portal.Web.Pages;

namespace Portal.Web.Tests.Pages;

/// <summary>The one parse rule of every amount field: major units, at most two decimals, never rounded.</summary>
public sealed class MoneyAmountTests
{
    [Theory]
    [InlineData("1,250.50", 125_050L)]
    [InlineData(" 0.1 ", 10L)]
    [InlineData("-3", -300L)]
    [InlineData("1e30", null)]
    public void Amounts_in_cents_parse(string text, long? minor)
    {
        var parsed = MoneyAmount.Parse(text, out var error);
        Assert.Equal(minor, parsed?.Minor);
        Assert.Equal(minor is null ? MoneyAmount.NotAnAmount : null, error);
    }

    [Theory]
    [InlineData("12.345")]
    [InlineData("0.001")]
    public void Finer_than_a_cent_is_a_field_error_not_a_rounding(string text)
    {
        Assert.Null(MoneyAmount.Parse(text, out var error));
        Assert.Equal(MoneyAmount.FinerThanACent, error);
    }

    [Fact]
    public void An_amount_beyond_the_largest_comes_out_just_above_it_for_the_rules_to_refuse() =>
        Assert.Equal(Portal.Data.Money.MaxMinor + 1, MoneyAmount.Parse("99999999999999999", out _)!.Value.Minor);

    [Fact]
    public void The_form_shows_an_amount_as_it_reads_it_back() => Assert.Equal("1250.50", new MoneyAmount(125_050).ToString());
}
