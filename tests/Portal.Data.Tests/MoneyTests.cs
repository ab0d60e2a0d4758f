using Portal.Data;

namespace Portal.Data.Tests;

/// <summary>One format for amounts, headline cards included: a figure never reads as two amounts on two pages.</summary>
public sealed class MoneyTests
{
    [Theory]
    [InlineData(16_999_500, "EUR 169,995.00")]
    [InlineData(-250, "EUR -2.50")]
    public void Amounts_read_in_full(long minor, string text) => Assert.Equal(text, Money.Format(minor, "EUR"));

}
