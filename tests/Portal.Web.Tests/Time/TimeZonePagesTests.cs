using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Database;
using Portal.Web.Tests.Infrastructure;
using Portal.Web.Time;

namespace Portal.Web.Tests.Time;

public sealed class TimeZonePagesTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task A_person_in_Tokyo_and_one_in_Berlin_see_the_same_due_instant_each_in_their_own_zone(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var database = portal.Services.GetRequiredService<PortalDatabase>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        // The demo's Arcadia engineer chose Tokyo; Helix's lead for Arcadia reads Helix's zone, Berlin.
        var (partnershipId, issueId, due) = await connection.QueryFirstAsync<(long, long, DateTimeOffset)>(
            """
            SELECT q.partnership_id, q.id, s.due_at FROM quality_issues q
            JOIN quality_issue_steps s ON s.issue_id = q.id AND s.step = 'D3'
            JOIN partnerships p ON p.id = q.partnership_id JOIN organisations o ON o.id = p.customer_org_id
            WHERE o.name = 'Arcadia Biotech' ORDER BY q.id
            """);
        using var tokyo = await WebSession.SignInAsync(portal, "carl.engineer@arcadia.example");
        using var berlin = await WebSession.SignInAsync(portal, "bruno.lead@helix.example");

        var (_, carls, _) = await tokyo.GetAsync($"/p/{partnershipId}/quality/{issueId}");
        var (_, brunos, _) = await berlin.GetAsync($"/p/{partnershipId}/quality/{issueId}");

        var inTokyo = TimeFormat.At(due, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        var inBerlin = TimeFormat.At(due, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        Assert.Contains($"due {inTokyo}", carls, StringComparison.Ordinal);
        Assert.DoesNotContain(inBerlin, carls, StringComparison.Ordinal);
        Assert.Contains($"due {inBerlin}", brunos, StringComparison.Ordinal);
        Assert.DoesNotContain(inTokyo, brunos, StringComparison.Ordinal);
    }

    [Theory, OnBothDatabases]
    public async Task The_settings_page_saves_a_zone_and_a_delivery_per_kind(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        using var lead = await WebSession.SignInAsync(portal, "lara.lead@arcadia.example");

        var (_, page, _) = await lead.GetAsync("/account/profile");
        Assert.Contains("time zone (America/New_York)</option>", page, StringComparison.Ordinal);
        var (saved, _, _) = await lead.PostAsync("/account/profile", new()
        {
            ["TimeZone"] = "Europe/London", ["Deliveries[QualityIssue]"] = "Digest", ["Deliveries[EquipmentLoan]"] = "None",
        });
        var (_, again, _) = await lead.GetAsync("/account/profile");
        await lead.PostAsync("/account/profile", new() { ["TimeZone"] = "Mars/Olympus" });
        var (_, afterRefusal, _) = await lead.GetAsync("/account/profile");
        await lead.PostAsync("/account/profile", new() { ["TimeZone"] = "", ["Deliveries[QualityIssue]"] = "Portal", ["Deliveries[EquipmentLoan]"] = "Portal" });

        Assert.Equal(System.Net.HttpStatusCode.Redirect, saved);
        Assert.Contains("<option value=\"Europe/London\" selected=\"selected\">", again, StringComparison.Ordinal);
        Assert.Matches("value=\"Digest\" checked=\"checked\"[^>]*data-testid=\"delivery-QualityIssue-Digest\"", again);
        Assert.Matches("value=\"None\" checked=\"checked\"[^>]*data-testid=\"delivery-EquipmentLoan-None\"", again);
        Assert.Contains("<option value=\"Europe/London\" selected=\"selected\">", afterRefusal, StringComparison.Ordinal);
    }
}
