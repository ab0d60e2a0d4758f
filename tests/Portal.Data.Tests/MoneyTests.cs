using Portal.Data;

namespace Portal.Data.Tests;

/// <summary>One format for amounts; a rounded one only for headline cards, and then marked "≈".</summary>
public sealed class MoneyTests
{
    [Theory]
    [InlineData(16_999_500, "EUR 169,995.00")]
    [InlineData(-250, "EUR -2.50")]
    public void Amounts_read_in_full(long minor, string text) => Assert.Equal(text, Money.Format(minor, "EUR"));

    [Theory]
    [InlineData(16_999_500, "≈ EUR 170k")]
    [InlineData(242_000_000, "≈ EUR 2.42M")]
    [InlineData(999_999, "EUR 9,999.99")]
    public void A_rounded_figure_says_it_is_one(long minor, string text) => Assert.Equal(text, Money.FormatApproximate(minor, "EUR"));
}
