using System.Globalization;
using System.Security.Cryptography;
using Google.Protobuf;

namespace Portal.ErpSim.Tests;

/// <summary>The generated history: the same arguments give the same bytes, and --years / --until only move the orders' dates.</summary>
public sealed class HistoryGeneratorTests
{
    // The bytes `generate --seed 7 --size 300` writes since contract v1 (google.type.Date, Money): the same records as
    // before --years and --until existed, so histories and the figures measured with them stay comparable.
    private const string Seed7Size300Sha256 = "f98a7bf7ae5adfccfad74541c20e07a4e10bf4e25fd9a119f5a27f8578fa23a8";

    [Fact]
    public void The_defaults_give_the_bytes_they_always_gave()
    {
        Assert.Equal(Seed7Size300Sha256, Sha256(ErpHistoryGenerator.Generate(seed: 7, size: 300)));
        Assert.Equal(Seed7Size300Sha256, Sha256(ErpHistoryGenerator.Generate(seed: 7, size: 300, years: 1, until: new DateOnly(2025, 12, 31))));
    }

    [Fact]
    public void The_orders_are_spread_over_the_years_ending_on_the_day_given()
    {
        var until = new DateOnly(2026, 6, 30);

        var orders = OrderDates(seed: 3, size: 1000, years: 5, until);

        Assert.Equal(1000, orders.Count);
        Assert.Equal(new DateOnly(2021, 7, 1), orders[0]);
        Assert.InRange(orders[^1], until.AddDays(-3), until);
        Assert.Equal(orders.Order(), orders);
        // Evenly: each of the five years holds about a fifth of the orders.
        Assert.All(orders.GroupBy(d => (d.DayNumber - orders[0].DayNumber) / 366), year => Assert.InRange(year.Count(), 190, 210));
    }

    [Fact]
    public void More_years_spread_the_same_orders_without_changing_anything_but_dates()
    {
        var oneYear = ErpHistoryGenerator.Generate(seed: 5, size: 200).ToList();
        var threeYears = ErpHistoryGenerator.Generate(seed: 5, size: 200, years: 3).ToList();

        Assert.Equal(threeYears.Select(e => e.ToString()), ErpHistoryGenerator.Generate(seed: 5, size: 200, years: 3).Select(e => e.ToString()));
        Assert.Equal(oneYear.Select(e => (e.RecordCase, Id: e.Item?.ExternalId ?? e.PurchaseOrder?.ExternalId ?? e.Delivery?.ExternalId ?? e.Invoice?.ExternalId ?? e.Payment.ExternalId)),
            threeYears.Select(e => (e.RecordCase, Id: e.Item?.ExternalId ?? e.PurchaseOrder?.ExternalId ?? e.Delivery?.ExternalId ?? e.Invoice?.ExternalId ?? e.Payment.ExternalId)));
        Assert.Equal(new DateOnly(2023, 1, 1), OrderDates(seed: 5, size: 200, years: 3, ErpHistoryGenerator.DefaultUntil)[0]);
    }

    [Fact]
    public async Task The_generate_command_takes_years_and_until()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("erpsim-generate-").FullName, "history.bin");
        try
        {
            var exit = await ErpSimProgram.Main(["generate", "--seed", "2", "--size", "50", "--years", "2", "--until", "2026-03-31", "--out", path]);

            Assert.Equal(0, exit);
            Assert.Equal(Sha256(ErpHistoryGenerator.Generate(seed: 2, size: 50, years: 2, until: new DateOnly(2026, 3, 31))), Sha256(HistoryFile.Read(path).ToList()));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    // The generated message types are named by this project's two references alike, so they stay inferred here.
    private static List<DateOnly> OrderDates(int seed, int size, int years, DateOnly until) =>
        ErpHistoryGenerator.Generate(seed, size, years, until).Where(e => e.PurchaseOrder is not null)
            .Select(e => new DateOnly(e.PurchaseOrder.OrderedOn.Year, e.PurchaseOrder.OrderedOn.Month, e.PurchaseOrder.OrderedOn.Day)).ToList();

    private static string Sha256<T>(IEnumerable<T> history) where T : IMessage
    {
        using var bytes = new MemoryStream();
        foreach (var envelope in history) envelope.WriteDelimitedTo(bytes);
        return Convert.ToHexStringLower(SHA256.HashData(bytes.ToArray()));
    }
}
