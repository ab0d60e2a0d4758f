using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Database;
using Portal.Data.Guarantees;
using Portal.Data.Tenancy;
using Portal.Web.Jobs;
using Portal.Web.Seed;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Pages;

/// <summary>
/// Guarantee pages. Nordlab's seeded guarantees are only read here (the tenancy probes aim at them); the writing
/// tests act on Arcadia's partnership, with guarantees of their own.
/// </summary>
public sealed class GuaranteePagesTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task Both_sides_read_the_seeded_period_table_and_credits_and_only_the_account_team_sees_the_form_links(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var nordlab = await PartnershipIdAsync(portal, DemoData.Nordlab.Name);
        using var customer = await WebSession.SignInAsync(portal, "leo.lead@nordlab.example");
        using var lead = await WebSession.SignInAsync(portal, "alice.lead@helix.example");

        var (status, body, _) = await customer.GetAsync($"/p/{nordlab}/guarantees");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("On time in full", body);
        Assert.Contains("Quality ppm", body);
        Assert.Contains(">Missed<", body);
        Assert.Contains(">Met<", body);
        Assert.Contains(">No data<", body);
        Assert.Contains($"/p/{nordlab}/guarantees/credits#credit-", body);
        Assert.DoesNotContain("data-testid=\"new-guarantee\"", body);
        Assert.DoesNotContain("data-testid=\"evaluate-now\"", body);
        var (_, credits, _) = await customer.GetAsync($"/p/{nordlab}/guarantees/credits");
        Assert.Contains("against a target of at least", credits);
        Assert.DoesNotContain("handler=Void", credits);

        var (_, leadBody, _) = await lead.GetAsync($"/p/{nordlab}/guarantees");
        Assert.Contains("data-testid=\"new-guarantee\"", leadBody);
        Assert.DoesNotContain("data-testid=\"evaluate-now\"", leadBody);
        AssertRefused(await customer.GetAsync($"/p/{nordlab}/guarantees/new"));
    }

    [Theory, OnBothDatabases]
    public async Task The_account_lead_adds_and_edits_a_guarantee_with_field_errors_for_bad_values(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var arcadia = await PartnershipIdAsync(portal, DemoData.Arcadia.Name);
        var nordlab = await PartnershipIdAsync(portal, DemoData.Nordlab.Name);
        using var lead = await WebSession.SignInAsync(portal, "bruno.lead@helix.example");
        Assert.Contains("value=\"USD\"", (await lead.GetAsync($"/p/{arcadia}/guarantees/new")).Body);

        var (invalid, invalidBody, _) = await lead.PostAsync($"/p/{arcadia}/guarantees/new",
            Form(target: "150", cap: "0", effectiveTo: "2025-12-31", percent: "120"));
        Assert.Equal(HttpStatusCode.OK, invalid);
        Assert.Contains("The target must be between 0 and 100 %.", invalidBody);
        Assert.Contains("The cap per period must be more than zero.", invalidBody);
        Assert.Contains("The end must be after the start.", invalidBody);
        Assert.Contains("The penalty is a percentage above 0 and at most 100", invalidBody);
        // A field that does not bind is shown first; the store's rules answer once the form binds.
        var (_, missingBody, _) = await lead.PostAsync($"/p/{arcadia}/guarantees/new", Form(target: "", effectiveFrom: ""));
        Assert.Contains("Give the target.", missingBody);
        var (_, noStartBody, _) = await lead.PostAsync($"/p/{arcadia}/guarantees/new", Form(target: "91.5", effectiveFrom: ""));
        Assert.Contains("Give the date the guarantee starts.", noStartBody);

        var (created, _, location) = await lead.PostAsync($"/p/{arcadia}/guarantees/new", Form(target: "91.5"));
        Assert.Equal(HttpStatusCode.Redirect, created);
        Assert.Equal($"/p/{arcadia}/guarantees", location);
        var id = await LatestGuaranteeAsync(portal, arcadia);
        Assert.Contains("value=\"91.5\"", (await lead.GetAsync($"/p/{arcadia}/guarantees/{id}/edit")).Body);

        var (edited, _, _) = await lead.PostAsync($"/p/{arcadia}/guarantees/{id}/edit", Form(target: "92"));
        Assert.Equal(HttpStatusCode.Redirect, edited);
        Assert.Contains("at least 92 %", (await lead.GetAsync($"/p/{arcadia}/guarantees")).Body);

        // Nordlab's guarantee through Arcadia's address is not found; customers may read but not write.
        var nordlabGuarantee = await LatestGuaranteeAsync(portal, nordlab);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.GetAsync($"/p/{arcadia}/guarantees/{nordlabGuarantee}/edit")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.PostAsync($"/p/{arcadia}/guarantees/{nordlabGuarantee}/edit", Form(target: "1"))).Status);
        using var customer = await WebSession.SignInAsync(portal, "lara.lead@arcadia.example");
        AssertRefused(await customer.PostAsync($"/p/{arcadia}/guarantees/new", Form(target: "50")));
        AssertRefused(await customer.PostAsync($"/p/{arcadia}/guarantees/{id}/edit", Form(target: "50")));
        Assert.Equal(id, await LatestGuaranteeAsync(portal, arcadia));
    }

    [Theory, OnBothDatabases]
    public async Task Finance_voids_a_credit_only_with_a_reason_and_nobody_else_may(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var arcadia = await PartnershipIdAsync(portal, DemoData.Arcadia.Name);
        var creditId = await IssueCreditAsync(portal, arcadia);
        using var finance = await WebSession.SignInAsync(portal, "fay.finance@helix.example");
        using var lead = await WebSession.SignInAsync(portal, "bruno.lead@helix.example");
        var page = (await finance.GetAsync($"/p/{arcadia}/guarantees/credits")).Body;
        Assert.Contains("data-confirm=", page);
        Assert.Contains($"name=\"CreditId\" value=\"{creditId}\"", page);

        var (missing, missingBody, _) = await finance.PostAsync($"/p/{arcadia}/guarantees/credits?handler=Void", new() { ["CreditId"] = $"{creditId}", ["Reason"] = " " });
        Assert.Equal(HttpStatusCode.OK, missing);
        Assert.Contains("Say why the credit is voided.", missingBody);
        AssertRefused(await lead.PostAsync($"/p/{arcadia}/guarantees/credits?handler=Void", new() { ["CreditId"] = $"{creditId}", ["Reason"] = "lead" }));
        Assert.Equal("Issued", await CreditStateAsync(portal, creditId));

        var (voided, _, _) = await finance.PostAsync($"/p/{arcadia}/guarantees/credits?handler=Void", new() { ["CreditId"] = $"{creditId}", ["Reason"] = "Agreed at the review: the delay was ours to absorb." });
        Assert.Equal(HttpStatusCode.Redirect, voided);
        Assert.Equal("Voided", await CreditStateAsync(portal, creditId));
        Assert.Contains("Agreed at the review: the delay was ours to absorb.", (await lead.GetAsync($"/p/{arcadia}/guarantees/credits")).Body);
    }

    [Theory, OnBothDatabases]
    public async Task The_daily_job_is_registered_and_a_partnership_evaluated_twice_or_at_once_gets_one_credit_per_period(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var arcadia = await PartnershipIdAsync(portal, DemoData.Arcadia.Name);
        using var admin = await WebSession.SignInAsync(portal, "admin@helix.example");
        Assert.Contains(GuaranteeEvaluationJob.Id, (await admin.GetAsync("/jobs/recurring")).Body);
        await CreateStrictGuaranteeAsync(portal, arcadia);

        using (var scope = portal.Services.CreateScope())
        {
            var job = scope.ServiceProvider.GetRequiredService<GuaranteeEvaluationJob>();
            await Task.WhenAll(job.RunForPartnershipAsync(arcadia, TestContext.Current.CancellationToken), job.RunForPartnershipAsync(arcadia, TestContext.Current.CancellationToken));
            var afterConcurrent = await CreditCountAsync(portal, arcadia);
            await job.RunForPartnershipAsync(arcadia, TestContext.Current.CancellationToken);
            Assert.Equal(afterConcurrent, await CreditCountAsync(portal, arcadia));
        }
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM (SELECT guarantee_id, period_start FROM penalty_credits GROUP BY guarantee_id, period_start HAVING COUNT(*) > 1) d"));

        var (queued, _, _) = await admin.PostAsync($"/p/{arcadia}/guarantees?handler=Evaluate", []);
        Assert.Equal(HttpStatusCode.Redirect, queued);
        using var lead = await WebSession.SignInAsync(portal, "bruno.lead@helix.example");
        AssertRefused(await lead.PostAsync($"/p/{arcadia}/guarantees?handler=Evaluate", []));
    }

    // A refusal of a signed-in person is the access-denied page (the cookie scheme's answer to Forbid).
    private static void AssertRefused((HttpStatusCode Status, string Body, string? Location) answer) =>
        Assert.True(answer.Status == HttpStatusCode.Forbidden || answer.Location?.Contains("access-denied", StringComparison.Ordinal) == true, $"got {answer.Status} {answer.Location}");

    private static Dictionary<string, string> Form(string target, string cap = "500", string? effectiveTo = null, string percent = "2.5", string effectiveFrom = "2026-01-01")
    {
        var form = new Dictionary<string, string>
        {
            ["Input.Metric"] = "OnTimeInFull", ["Input.Target"] = target, ["Input.Comparison"] = "", ["Input.Period"] = "Quarter",
            ["Input.PenaltyKind"] = "PercentOfInvoiced", ["Input.PenaltyPercent"] = percent, ["Input.PenaltyFixed"] = "0", ["Input.Cap"] = cap,
            ["Input.Currency"] = "USD", ["Input.EffectiveFrom"] = effectiveFrom, ["Input.EarlyCountsAsOnTime"] = "true",
        };
        if (effectiveTo is not null)
        {
            form["Input.EffectiveTo"] = effectiveTo;
        }
        return form;
    }

    // Every month needs every line on time in full: across a year of history, that fails somewhere.
    private static async Task<Guarantee> CreateStrictGuaranteeAsync(PortalFactory portal, long partnershipId)
    {
        var today = DateOnly.FromDateTime(portal.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        var scope = CallerScope.ForSystem("guarantee page test", partnershipId);
        return (await portal.Services.GetRequiredService<GuaranteeStore>().CreateAsync(scope, partnershipId, new GuaranteeInput
        {
            Metric = GuaranteeMetric.OnTimeInFull, Target = 100, Period = GuaranteePeriod.Month, PenaltyKind = PenaltyKind.FixedAmount,
            PenaltyFixedMinor = 10_00, CapMinor = 10_00, Currency = "USD", EffectiveFrom = today.AddMonths(-12), EarlyCountsAsOnTime = false,
        }, TestContext.Current.CancellationToken))!;
    }

    private static async Task<long> IssueCreditAsync(PortalFactory portal, long partnershipId)
    {
        var guarantee = await CreateStrictGuaranteeAsync(portal, partnershipId);
        var scope = CallerScope.ForSystem("guarantee page test", partnershipId);
        await portal.Services.GetRequiredService<GuaranteeEvaluator>().EvaluatePartnershipAsync(scope, partnershipId, TestContext.Current.CancellationToken);
        var credits = await portal.Services.GetRequiredService<GuaranteeStore>().GetCreditsAsync(scope, partnershipId, TestContext.Current.CancellationToken);
        return credits.First(c => c.GuaranteeId == guarantee.Id).Id;
    }

    private static async Task<long> PartnershipIdAsync(PortalFactory portal, string customer)
    {
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT p.id FROM partnerships p JOIN organisations o ON o.id = p.customer_org_id WHERE o.name = @customer", new { customer });
    }

    private static async Task<long> LatestGuaranteeAsync(PortalFactory portal, long partnershipId)
    {
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT MAX(id) FROM guarantees WHERE partnership_id = @partnershipId", new { partnershipId });
    }

    private static async Task<long> CreditCountAsync(PortalFactory portal, long partnershipId)
    {
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM penalty_credits WHERE partnership_id = @partnershipId", new { partnershipId });
    }

    private static async Task<string> CreditStateAsync(PortalFactory portal, long creditId)
    {
        await using var connection = await portal.Services.GetRequiredService<PortalDatabase>().OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<string>("SELECT state FROM penalty_credits WHERE id = @creditId", new { creditId }) ?? "";
    }
}
