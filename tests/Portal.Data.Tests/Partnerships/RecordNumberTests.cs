using Portal.Data.Database;
using Portal.Data.DesignRequests;
using Portal.Data.Partnerships;
using Portal.Data.Tests.DesignRequests;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Partnerships;

public sealed class RecordNumberTests
{
    [Theory, OnBothDatabases]
    public async Task Each_partnership_numbers_its_records_from_one_and_the_number_finds_them(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var a = await db.ScopeOfAsync(world.CustomerEngineerAId);
        var b = await db.ScopeOfAsync(world.CustomerEngineerBId);

        var first = (await db.DesignRequests.RaiseAsync(a, world.PartnershipAId, DesignRequestStoreTests.Intake, [], Ct))!;
        var other = (await db.DesignRequests.RaiseAsync(b, world.PartnershipBId, DesignRequestStoreTests.Intake with { Title = "Other" }, [], Ct))!;
        var second = (await db.DesignRequests.RaiseAsync(a, world.PartnershipAId, DesignRequestStoreTests.Intake with { Title = "Cuvette 50% off" }, [], Ct))!;
        var partnership = (await db.Partnerships.GetAsync(a, world.PartnershipAId, Ct))!;

        Assert.Equal((1L, 1L, 2L), (first.Number!.Value, other.Number!.Value, second.Number!.Value));
        Assert.Equal($"{partnership.Code}-DR-2", second.Reference);
        Assert.Matches("^[A-Z]{3}$", partnership.Code);
        Assert.Equal([second.Id], await IdsAsync(new DesignRequestFilter(Search: second.Reference)));
        Assert.Equal([second.Id], await IdsAsync(new DesignRequestFilter(Search: "50%")));
        Assert.Equal([first.Id], await IdsAsync(new DesignRequestFilter(Search: "HEATED")));
        Assert.Equal([second.Id, first.Id], await IdsAsync(new DesignRequestFilter(Sort: DesignRequestSort.Number, Descending: true)));
        Assert.Empty(await IdsAsync(new DesignRequestFilter(Search: "Other")));

        async Task<long[]> IdsAsync(DesignRequestFilter filter) =>
            (await db.DesignRequests.GetPageAsync(a, world.PartnershipAId, filter, 1, Ct)).Items.Select(r => r.Id).ToArray();
    }

    [Theory, OnBothDatabases]
    public async Task Requests_raised_at_the_same_time_get_distinct_numbers(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var world = await World.SeedAsync(db);
        var a = await db.ScopeOfAsync(world.CustomerEngineerAId);
        const int Raisers = 8;

        var raised = await Task.WhenAll(Enumerable.Range(0, Raisers).Select(i =>
            Task.Run(() => db.DesignRequests.RaiseAsync(a, world.PartnershipAId, DesignRequestStoreTests.Intake with { Title = $"Request {i}" }, [], Ct), Ct)));

        Assert.Equal(Enumerable.Range(1, Raisers).Select(n => (long)n), raised.Select(r => r!.Number!.Value).Order());
    }

    [Theory]
    [InlineData("NOR-DR-12", 12L)]
    [InlineData("dr-12", 12L)]
    [InlineData("#12", 12L)]
    [InlineData(" 12 ", 12L)]
    [InlineData("flow cell", null)]
    [InlineData("NOR-DR-", null)]
    [InlineData("-5", 5L)]
    public void A_search_names_a_number_however_it_is_written(string search, long? number) =>
        Assert.Equal(number, RecordNumbers.NumberIn(search));

    [Fact]
    public void A_record_is_named_by_its_partnership_code_kind_and_number_or_else_its_id() =>
        Assert.Equal(("NOR-Q-4", "L-3", "#17"), (RecordNumbers.Format("NOR", RecordKind.QualityIssue, 4, 99), RecordNumbers.Format("", RecordKind.Loan, 3, 99),
            RecordNumbers.Format("NOR", RecordKind.DesignRequest, null, 17)));

    [Fact]
    public void A_search_escapes_the_wildcards_it_contains() =>
        Assert.Equal(@"%50\% off\_x%", TextSearch.Of(" 50% off_X ")!.Like);
}
