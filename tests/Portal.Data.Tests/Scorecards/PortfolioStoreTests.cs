using Portal.Data.Database;
using Portal.Data.Scorecards;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Scorecards;

public sealed class PortfolioStoreTests
{
    [Theory, OnBothDatabases]
    public async Task The_worst_come_first_a_page_at_a_time_with_the_series_and_alerts_of_the_page_only(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await PortfolioWorld.SeedAsync(db);
        // A: red on the customer side this month, down from green; B: amber; 28 more green ones, one of them never scored.
        await w.MonthAsync(w.A, PortfolioWorld.January, 90, HealthState.Green, 90, HealthState.Green);
        var aFebruary = await w.MonthAsync(w.A, PortfolioWorld.February, 88, HealthState.Green, 40, HealthState.Red);
        var alert = await w.AlertAsync(w.A, aFebruary, PortfolioWorld.February, ScorecardSide.Customer);
        await w.MonthAsync(w.B, PortfolioWorld.February, 70, HealthState.Amber, null, HealthState.InsufficientData);
        var greens = new List<long>();
        for (var i = 0; i < 28; i++)
        {
            var id = await w.PartnershipAsync($"Green {i:00}", $"Customer {i:00}");
            greens.Add(id);
            if (i > 0)
            {
                await w.MonthAsync(id, PortfolioWorld.February, 99 - i, HealthState.Green, 95, HealthState.Green);
            }
        }
        var admin = await db.ScopeOfAsync(w.World.AdminId);

        var first = await db.Portfolio.GetPageAsync(admin, new PortfolioQuery(), 1, PortfolioWorld.Today, Ct);
        var second = await db.Portfolio.GetPageAsync(admin, new PortfolioQuery(), 2, PortfolioWorld.Today, Ct);

        Assert.Equal(30, first.Total);
        Assert.Equal(PortfolioStore.PageSize, first.Items.Count);
        Assert.Equal([w.A, w.B, greens[27], greens[26]], first.Items.Take(4).Select(r => r.PartnershipId));
        Assert.Equal(greens[0], second.Items[^1].PartnershipId); // never scored: last
        Assert.Null(second.Items[^1].Latest);
        Assert.Equal(5, second.Items.Count);
        var a = first.Items[0];
        Assert.Equal((PortfolioWorld.February, PortfolioWorld.January, 2), (a.Latest!.Month, a.Previous!.Month, a.Series.Count));
        Assert.Equal(alert, Assert.Single(a.OpenAlerts).Id);
        Assert.All(first.Items.Skip(1), r => Assert.Empty(r.OpenAlerts));
        Assert.Null(first.Items[1].Previous);
    }

    [Theory, OnBothDatabases]
    public async Task Grade_side_name_and_open_alerts_filter_and_every_sort_orders_in_sql(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await PortfolioWorld.SeedAsync(db);
        await w.MonthAsync(w.A, PortfolioWorld.January, 90, HealthState.Green, 90, HealthState.Green);
        var aFebruary = await w.MonthAsync(w.A, PortfolioWorld.February, 88, HealthState.Green, 40, HealthState.Red);
        await w.AlertAsync(w.A, aFebruary, PortfolioWorld.February, ScorecardSide.Customer);
        await w.MonthAsync(w.B, PortfolioWorld.January, 80, HealthState.Green, null, HealthState.InsufficientData);
        await w.MonthAsync(w.B, PortfolioWorld.February, 55, HealthState.Red, null, HealthState.InsufficientData);
        var c = await w.PartnershipAsync("Gamma 100% line", "Gamma_Works");
        await w.MonthAsync(c, PortfolioWorld.February, 75, HealthState.Amber, 97, HealthState.Green);
        var admin = await db.ScopeOfAsync(w.World.AdminId);

        async Task<IReadOnlyList<long>> Ids(PortfolioQuery query) =>
            (await db.Portfolio.GetPageAsync(admin, query, 1, PortfolioWorld.Today, Ct)).Items.Select(r => r.PartnershipId).ToList();

        Assert.Equal([w.A, w.B], await Ids(new PortfolioQuery(PortfolioState.Red)));   // both red: the lower score (A's 40) first
        Assert.Equal([w.A], await Ids(new PortfolioQuery(PortfolioState.Red, PortfolioSide.Customer)));
        Assert.Equal([w.B], await Ids(new PortfolioQuery(PortfolioState.Red, PortfolioSide.Supplier)));
        Assert.Equal([w.B], await Ids(new PortfolioQuery(PortfolioState.Insufficient)));
        Assert.Equal([w.A, c], await Ids(new PortfolioQuery(PortfolioState.Green)));
        Assert.Equal([w.A], await Ids(new PortfolioQuery(OpenAlertsOnly: true)));
        Assert.Equal([w.A], await Ids(new PortfolioQuery(Search: "ALPHA")));      // the customer's or the partnership's name, any case
        Assert.Equal([c], await Ids(new PortfolioQuery(Search: "100%")));         // % and _ are letters, not wildcards
        Assert.Equal([c], await Ids(new PortfolioQuery(Search: "a_w")));
        Assert.Empty(await Ids(new PortfolioQuery(PortfolioState.Amber, PortfolioSide.Customer)));

        Assert.Equal([w.A, w.B, c], await Ids(new PortfolioQuery(Sort: PortfolioSort.Name)));
        Assert.Equal([w.B, c, w.A], await Ids(new PortfolioQuery(Sort: PortfolioSort.Supplier)));
        Assert.Equal([w.A, c, w.B], await Ids(new PortfolioQuery(Sort: PortfolioSort.Customer)));
        // A's customer side fell 50 points, B's supplier side 25; Gamma has no month before.
        Assert.Equal([w.A, w.B, c], await Ids(new PortfolioQuery(Sort: PortfolioSort.Trend)));
        Assert.Equal([w.A, w.B, c], await Ids(new PortfolioQuery()));
    }

    [Theory, OnBothDatabases]
    public async Task An_account_lead_sees_their_partnerships_only_and_the_latest_revision_of_a_month(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await PortfolioWorld.SeedAsync(db);
        await w.MonthAsync(w.A, PortfolioWorld.February, 60, HealthState.Amber, 90, HealthState.Green);
        await w.MonthAsync(w.A, PortfolioWorld.February, 91, HealthState.Green, 90, HealthState.Green, revision: 2);
        var bFebruary = await w.MonthAsync(w.B, PortfolioWorld.February, 20, HealthState.Red, 20, HealthState.Red);
        await w.AlertAsync(w.B, bFebruary, PortfolioWorld.February, ScorecardSide.Supplier);

        var lead = await db.Portfolio.GetPageAsync(await db.ScopeOfAsync(w.World.AccountLeadId), new PortfolioQuery(), 1, PortfolioWorld.Today, Ct);
        var leadRed = await db.Portfolio.GetPageAsync(await db.ScopeOfAsync(w.World.AccountLeadId), new PortfolioQuery(PortfolioState.Red), 1, PortfolioWorld.Today, Ct);
        var past = await db.Portfolio.GetPageAsync(await db.ScopeOfAsync(w.World.AdminId), new PortfolioQuery(), 3, PortfolioWorld.Today, Ct);

        var row = Assert.Single(lead.Items);
        Assert.Equal((w.A, 2, 91m), (row.PartnershipId, row.Latest!.Revision, row.Latest.SupplierScore));
        Assert.Equal(1, lead.Total);
        Assert.Equal(0, leadRed.Total);
        Assert.Empty(past.Items);
        Assert.Equal(2, past.Total);
    }
}
