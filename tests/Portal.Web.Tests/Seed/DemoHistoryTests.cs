using Portal.Web.Seed;

namespace Portal.Web.Tests.Seed;

/// <summary>Portal:Demo:HistoryScale: N times the orders, over more years first, then more often; scale 1 is the usual demo.</summary>
public sealed class DemoHistoryTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Fact]
    public void Scale_one_is_the_usual_twelve_months()
    {
        var usual = DemoHistory.For(DemoData.Nordlab, 20261123, Today);
        var one = DemoHistory.For(DemoData.Nordlab, 20261123, Today, scale: 1);

        Assert.Equal(usual.PurchaseOrders.Select(o => (o.ExternalId, o.OrderedOn)), one.PurchaseOrders.Select(o => (o.ExternalId, o.OrderedOn)));
        Assert.Equal(Today.AddMonths(-12), usual.PurchaseOrders[0].OrderedOn);
        Assert.InRange(usual.PurchaseOrders.Count, 40, 75);
    }

    [Theory]
    [InlineData(5, 5)]
    [InlineData(10, 10)]
    [InlineData(100, 10)]
    public void A_larger_scale_has_that_many_times_the_orders_over_at_most_ten_years(int scale, int years)
    {
        var usual = DemoHistory.For(DemoData.Nordlab, 20261123, Today);

        var scaled = DemoHistory.For(DemoData.Nordlab, 20261123, Today, scale);

        Assert.Equal(Today.AddYears(-years), scaled.PurchaseOrders[0].OrderedOn);
        Assert.InRange(scaled.PurchaseOrders.Count, usual.PurchaseOrders.Count * scale * 0.85, usual.PurchaseOrders.Count * scale * 1.15);
        Assert.All(scaled.Invoices, i => Assert.True(i.IssuedOn <= Today));
        Assert.Equal(scaled.Invoices.Select(i => i.ExternalId), DemoHistory.For(DemoData.Nordlab, 20261123, Today, scale).Invoices.Select(i => i.ExternalId));
    }
}
