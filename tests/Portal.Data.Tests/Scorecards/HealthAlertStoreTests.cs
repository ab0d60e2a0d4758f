using Dapper;
using Portal.Data.ChangeFeed;
using Portal.Data.Database;
using Portal.Data.Scorecards;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Scorecards;

public sealed class HealthAlertStoreTests
{
    [Theory, OnBothDatabases]
    public async Task An_account_lead_closes_an_open_alert_with_a_note_into_the_trail_and_the_feed_and_it_leaves_the_portfolio(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var (w, alert) = await SeedAsync(db);
        var lead = await db.ScopeOfAsync(w.World.AccountLeadId);

        var closed = await db.HealthAlerts.CloseAsync(lead, w.A, alert, "  Agreed in the March review  ", Ct);

        Assert.NotNull(closed);
        Assert.Equal((HealthAlert.ClosedState, "lou.lead", "Agreed in the March review", (DateTimeOffset?)db.Clock.GetUtcNow()),
            (closed.State, closed.ClosedByName, closed.CloseNote, closed.ClosedAt));
        Assert.Empty(await db.HealthAlerts.GetOpenAsync(lead, w.A, Ct));
        Assert.Empty(Assert.Single((await db.Portfolio.GetPageAsync(lead, new PortfolioQuery(), 1, PortfolioWorld.Today, Ct)).Items).OpenAlerts);
        await using var connection = await db.Database.OpenAsync(Ct);
        Assert.Equal(("Closed", "Agreed in the March review"), await connection.QuerySingleAsync<(string, string)>(
            "SELECT action, note FROM audit_log WHERE entity = 'HealthAlert' AND entity_id = @Id", new { Id = alert.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        var feed = await connection.QuerySingleAsync<string>($"SELECT data_json FROM change_feed WHERE entity = '{FeedEntity.HealthAlert}' AND entity_id = @alert", new { alert });
        Assert.Contains("\"state\":\"Closed\"", feed, StringComparison.Ordinal);
        Assert.DoesNotContain("March review", feed, StringComparison.Ordinal);
    }

    [Theory, OnBothDatabases]
    public async Task A_second_close_says_it_is_closed_already_and_the_customer_lead_may_close_too(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var (w, alert) = await SeedAsync(db);

        var admin = await db.ScopeOfAsync(w.World.AdminId);

        await db.HealthAlerts.CloseAsync(await db.ScopeOfAsync(w.World.CustomerLeadAId), w.A, alert, null, Ct);
        var again = await Assert.ThrowsAsync<ValidationException>(() => db.HealthAlerts.CloseAsync(admin, w.A, alert, null, Ct));

        Assert.Equal("This health alert was closed already by alice.lead.", again.Errors["State"]);
    }

    [Theory, OnBothDatabases]
    public async Task The_wrong_role_is_refused_and_another_partnerships_alert_is_not_found(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var (w, alert) = await SeedAsync(db);

        var refused = await Assert.ThrowsAsync<ScopeException>(async () => await db.HealthAlerts.CloseAsync(await db.ScopeOfAsync(w.World.CustomerEngineerAId), w.A, alert, null, Ct));
        var otherCustomer = await db.HealthAlerts.CloseAsync(await db.ScopeOfAsync(w.World.CustomerLeadBId), w.A, alert, null, Ct);
        var throughB = await db.HealthAlerts.CloseAsync(await db.ScopeOfAsync(w.World.AdminId), w.B, alert, null, Ct);

        Assert.Equal(Portal.Data.Tenancy.Permissions.Refusal(Portal.Data.Tenancy.Permission.CloseHealthAlerts), refused.Message);
        Assert.Null(otherCustomer);
        Assert.Null(throughB);
        Assert.Single(await db.HealthAlerts.GetOpenAsync(await db.ScopeOfAsync(w.World.AdminId), w.A, Ct));
    }

    [Theory, OnBothDatabases]
    public async Task A_note_longer_than_the_limit_is_a_field_error(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var (w, alert) = await SeedAsync(db);

        var tooLong = await Assert.ThrowsAsync<ValidationException>(async () =>
            await db.HealthAlerts.CloseAsync(await db.ScopeOfAsync(w.World.AdminId), w.A, alert, new string('x', HealthAlertStore.NoteMaxLength + 1), Ct));

        Assert.True(tooLong.Errors.ContainsKey("Note"));
    }

    private static async Task<(PortfolioWorld World, long Alert)> SeedAsync(TestDatabase db)
    {
        var w = await PortfolioWorld.SeedAsync(db);
        var february = await w.MonthAsync(w.A, PortfolioWorld.February, 40, HealthState.Red, 90, HealthState.Green);
        return (w, await w.AlertAsync(w.A, february, PortfolioWorld.February, ScorecardSide.Supplier));
    }
}
