using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Database;
using Portal.Web.Seed;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Pages;

/// <summary>
/// Target times on Arcadia's partnership (customer A of the tenancy probes is Nordlab, whose targets must stay put
/// while those probes run). The test puts the values back when it is done.
/// </summary>
public sealed class TargetTimesTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task The_account_lead_changes_targets_others_only_read_them_and_bad_values_are_field_errors(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var arcadia = await PartnershipIdAsync(portal, DemoData.Arcadia.Name);
        using var lead = await WebSession.SignInAsync(portal, "bruno.lead@helix.example");
        var original = await lead.GetAsync($"/p/{arcadia}/targets");
        Assert.Contains("value=\"10\"", original.Body);
        var quinn = await UserIdAsync(portal, "quinn.quality@helix.example");
        var overrides = await OverridesAsync(portal, arcadia);

        var (invalid, invalidBody, _) = await lead.PostAsync($"/p/{arcadia}/targets", Values(feasibility: "0", minor: "lots"));
        Assert.Equal(HttpStatusCode.OK, invalid);
        Assert.Contains("Enter whole working days from 1 to 250.", invalidBody);
        Assert.Contains("The value &#x27;lots&#x27; is not valid for MinorHours.", invalidBody);
        Assert.Equal(overrides, await OverridesAsync(portal, arcadia));

        try
        {
            var (saved, _, _) = await lead.PostAsync($"/p/{arcadia}/targets", Values(feasibility: "12", minor: "160"));
            Assert.Equal(HttpStatusCode.Redirect, saved);
            var (_, after, _) = await lead.GetAsync($"/p/{arcadia}/targets");
            Assert.Contains("id=\"FeasibilityDays\" name=\"FeasibilityDays\" type=\"number\" min=\"1\" class=\"form-control \" value=\"12\"", after);

            using var engineer = await WebSession.SignInAsync(portal, "carl.engineer@arcadia.example");
            var (read, readBody, _) = await engineer.GetAsync($"/p/{arcadia}/targets");
            Assert.Equal(HttpStatusCode.OK, read);
            Assert.Contains("data-testid=\"targets-read-only\"", readBody);
            var (refused, _, location) = await engineer.PostAsync($"/p/{arcadia}/targets", Values(feasibility: "1", minor: "1"));
            Assert.True(refused == HttpStatusCode.Forbidden || location?.Contains("access-denied", StringComparison.Ordinal) == true, $"got {refused}");
            Assert.Contains("value=\"12\"", (await lead.GetAsync($"/p/{arcadia}/targets")).Body);

            // D1–D3 of new issues: the demo made the quality engineer the owner; a customer's person cannot be one.
            Assert.Contains($"<option value=\"{quinn}\" selected=\"selected\">Quinn Harper · Quality engineer</option>", WebUtility.HtmlDecode(original.Body));
            var erin = await UserIdAsync(portal, "erin.engineer@helix.example");
            var carl = await UserIdAsync(portal, "carl.engineer@arcadia.example");
            var (wrongOwner, wrongBody, _) = await lead.PostAsync($"/p/{arcadia}/targets", Values(feasibility: "12", minor: "160", criticalOwner: $"{carl}"));
            Assert.Equal(HttpStatusCode.OK, wrongOwner);
            Assert.Contains("Choose an active person of the supplier&#x27;s side of this partnership.", wrongBody);
            await lead.PostAsync($"/p/{arcadia}/targets", Values(feasibility: "12", minor: "160", criticalOwner: $"{erin}"));
            Assert.Contains($"<option value=\"{erin}\" selected=\"selected\">Erin Okafor · Engineer</option>", WebUtility.HtmlDecode((await lead.GetAsync($"/p/{arcadia}/targets")).Body));
        }
        finally
        {
            await lead.PostAsync($"/p/{arcadia}/targets", Values(feasibility: "10", minor: "168", criticalOwner: $"{quinn}"));
        }
    }

    private static Dictionary<string, string> Values(string feasibility, string minor, string criticalOwner = "") => new()
    {
        ["FeasibilityDays"] = feasibility, ["DesignDays"] = "20", ["PrototypeDays"] = "30", ["ValidationDays"] = "20",
        ["CriticalHours"] = "24", ["MajorHours"] = "72", ["MinorHours"] = minor, ["CriticalOwner"] = criticalOwner,
    };

    private static async Task<long> UserIdAsync(PortalFactory portal, string email)
    {
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT id FROM users WHERE email = @email", new { email });
    }

    private static async Task<long> PartnershipIdAsync(PortalFactory portal, string customer)
    {
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT p.id FROM partnerships p JOIN organisations o ON o.id = p.customer_org_id WHERE o.name = @customer", new { customer });
    }

    private static async Task<long> OverridesAsync(PortalFactory portal, long partnershipId)
    {
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>(
            "SELECT (SELECT COUNT(*) FROM design_stage_targets WHERE partnership_id = @partnershipId) + (SELECT COUNT(*) FROM quality_containment_targets WHERE partnership_id = @partnershipId)",
            new { partnershipId });
    }
}
