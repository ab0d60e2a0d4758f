using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Database;
using Portal.Web.Seed;
using Portal.Web.Tests.Infrastructure;
using Portal.Web.Tests.Tenancy;

namespace Portal.Web.Tests.Pages;

public sealed class DesignRequestPagesTests(PortalHosts hosts)
{
    private static Dictionary<string, string> Intake(string title) => new()
    {
        ["Input.Title"] = title, ["Input.Application"] = "Analyser", ["Input.OperatingConditions"] = "37 °C", ["Input.AnnualVolume"] = "1000",
        ["Input.TargetPrice"] = "12.50",
    };

    [Theory, OnBothDatabases]
    public async Task An_incomplete_intake_shows_each_missing_field_and_stores_nothing(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        using var nina = await WebSession.SignInAsync(portal, "nina.engineer@nordlab.example");
        var title = $"Incomplete {Guid.NewGuid():N}";

        var (status, body, _) = await nina.PostMultipartAsync($"/p/{a.PartnershipId}/design-requests/new", new() { ["Input.Title"] = title, ["Input.TargetPrice"] = "-1" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Say what the part is for.", body);
        Assert.Contains("Describe the operating conditions", body);
        Assert.Contains("Enter the expected annual volume (at least 1).", body);
        Assert.Contains("The target price cannot be negative.", body);
        Assert.Equal(0, await CountTitledAsync(portal, title));
    }

    [Theory]
    [InlineData("../../etc/passwd.txt", "text/plain", "must not contain folders")]
    [InlineData("installer.exe", "application/octet-stream", "Files of this type are not accepted")]
    [InlineData("drawing.pdf", "application/pdf", "not a PDF file")]
    [InlineData("big.txt", "text/plain", "The file is larger than 20 MB")]
    public async Task A_refused_file_shows_why_and_stores_nothing(string fileName, string contentType, string message)
    {
        var portal = hosts.For(DatabaseProvider.Sqlite);
        var a = await CustomerA.LoadAsync(portal);
        using var nina = await WebSession.SignInAsync(portal, "nina.engineer@nordlab.example");
        var title = $"With a bad file {Guid.NewGuid():N}";
        var content = fileName == "big.txt" ? new byte[20 * 1024 * 1024 + 1] : "not what it claims"u8.ToArray();

        var (status, body, _) = await nina.PostMultipartAsync($"/p/{a.PartnershipId}/design-requests/new", Intake(title), ("Files", fileName, contentType, content));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(message, WebUtility.HtmlDecode(body));
        Assert.Equal(0, await CountTitledAsync(portal, title));
    }

    [Theory, OnBothDatabases]
    public async Task A_raised_request_with_a_file_is_downloaded_as_an_attachment_and_other_tenants_get_404(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        using var nina = await WebSession.SignInAsync(portal, "nina.engineer@nordlab.example");
        var title = $"Flow cell {Guid.NewGuid():N}";

        var (status, _, location) = await nina.PostMultipartAsync($"/p/{a.PartnershipId}/design-requests/new", Intake(title),
            ("Files", "spec <b>.txt", "text/plain", "<script>alert(1)</script>"u8.ToArray()));
        Assert.Equal(HttpStatusCode.Redirect, status);
        var (_, details, _) = await nina.GetAsync(location!);
        Assert.Contains(title, details);
        var downloadPath = System.Text.RegularExpressions.Regex.Match(details, $@"/p/{a.PartnershipId}/attachments/\d+").Value;

        using var download = await nina.GetResponseAsync(downloadPath);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("text/plain", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(download.Headers.CacheControl!.NoStore, $"Cache-Control: {download.Headers.CacheControl}");

        using var carl = await WebSession.SignInAsync(portal, "carl.engineer@arcadia.example");
        var arcadia = await ArcadiaPartnershipIdAsync(portal);
        var requestId = location!.Split('/').Last();
        var attachmentId = downloadPath.Split('/').Last();
        Assert.Equal(HttpStatusCode.NotFound, (await carl.GetAsync(downloadPath)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await carl.GetAsync($"/p/{arcadia}/attachments/{attachmentId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await carl.GetAsync($"/p/{arcadia}/design-requests/{requestId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await carl.PostAsync($"/p/{arcadia}/design-requests/{requestId}?handler=Withdraw", [])).Status);
    }

    [Theory, OnBothDatabases]
    public async Task Internal_notes_stay_with_the_supplier_and_illegal_moves_say_why(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        using var nina = await WebSession.SignInAsync(portal, "nina.engineer@nordlab.example");
        using var erin = await WebSession.SignInAsync(portal, "erin.engineer@helix.example");
        var (_, _, location) = await nina.PostMultipartAsync($"/p/{a.PartnershipId}/design-requests/new", Intake($"Notes {Guid.NewGuid():N}"));
        var note = $"Margin note {Guid.NewGuid():N}";

        Assert.Equal(HttpStatusCode.Redirect, (await erin.PostAsync($"{location}?handler=Comment", new() { ["CommentBody"] = note, ["Internal"] = "true" })).Status);
        var (_, supplierView, _) = await erin.GetAsync(location!);
        var (_, customerView, _) = await nina.GetAsync(location!);
        var (_, customerTrail, _) = await nina.GetAsync($"/p/{a.PartnershipId}/trail?entity=DesignRequest");
        var (_, blank, _) = await nina.PostAsync($"{location}?handler=Comment", new() { ["CommentBody"] = " " });
        var (advanced, _, _) = await erin.PostAsync($"{location}?handler=Advance", new() { ["OwnerUserId"] = $"{a.EngineerId}" });
        var (_, noVerdict, _) = await erin.PostAsync($"{location}?handler=Advance", new() { ["OwnerUserId"] = $"{a.EngineerId}" });
        var (_, missingAlternative, _) = await erin.PostAsync($"{location}?handler=Verdict", new() { ["Verdict.Verdict"] = "NotAFit" });
        var (_, customerAdvance, _) = await nina.PostAsync($"{location}?handler=Advance", new() { ["OwnerUserId"] = $"{a.EngineerId}" });

        Assert.Contains(note, supplierView);
        Assert.DoesNotContain(note, customerView);
        Assert.DoesNotContain("Internal notes", customerView);
        Assert.DoesNotContain(note, customerTrail);
        Assert.Contains("Write something first.", blank);
        Assert.Equal(HttpStatusCode.Redirect, advanced);
        Assert.Contains("Record the feasibility verdict before moving on to Design.", noVerdict);
        Assert.Contains("Name the product or supplier you recommend instead.", missingAlternative);
        Assert.Contains("Only the supplier&#x27;s staff move a request to its next stage.", customerAdvance);
    }

    [Theory, OnBothDatabases]
    public async Task The_verdict_form_checks_only_the_chosen_verdict_and_the_move_names_the_stage_with_owners_grouped(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        using var nina = await WebSession.SignInAsync(portal, "nina.engineer@nordlab.example");
        using var erin = await WebSession.SignInAsync(portal, "erin.engineer@helix.example");
        var (_, _, location) = await nina.PostMultipartAsync($"/p/{a.PartnershipId}/design-requests/new", Intake($"Verdict {Guid.NewGuid():N}"));

        var (_, submitted, _) = await erin.GetAsync(location!);
        await erin.PostAsync($"{location}?handler=Advance", new() { ["OwnerUserId"] = $"{a.EngineerId}" });
        var (_, feasibility, _) = await erin.GetAsync(location!);
        // Text left in the other verdict's fields (a bad link among them) is not the marginal verdict's business.
        var (marginal, _, _) = await erin.PostAsync($"{location}?handler=Verdict", new()
        {
            ["Verdict.Verdict"] = "Marginal", ["Verdict.Conditions"] = "Below 80 °C only.", ["Verdict.AlternativeLink"] = "not a link",
        });
        var (_, decided, _) = await erin.GetAsync(location!);

        Assert.Contains(">Move to Feasibility</button>", submitted);
        Assert.Contains("data-shown-for=\"Verdict.Verdict=Marginal\"", feasibility);
        Assert.Contains("data-shown-for=\"Verdict.Verdict=NotAFit\"", feasibility);
        Assert.Equal(HttpStatusCode.Redirect, marginal);
        Assert.Contains(">Move to Design</button>", decided);
        Assert.Contains($"<optgroup label=\"{DemoData.SupplierName} · Engineer\">", WebUtility.HtmlDecode(decided));
        Assert.Contains($"<optgroup label=\"{DemoData.Nordlab.Name} · Customer engineer\">", WebUtility.HtmlDecode(decided));
        Assert.DoesNotContain("not a link", decided);
    }

    [Theory, OnBothDatabases]
    public async Task Supplier_finance_is_offered_no_design_move_and_is_refused_one_with_a_message(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        using var nina = await WebSession.SignInAsync(portal, "nina.engineer@nordlab.example");
        using var fay = await WebSession.SignInAsync(portal, "fay.finance@helix.example");
        var (_, _, location) = await nina.PostMultipartAsync($"/p/{a.PartnershipId}/design-requests/new", Intake($"Finance {Guid.NewGuid():N}"));

        var (_, financeView, _) = await fay.GetAsync(location!);
        var (status, refused, _) = await fay.PostAsync($"{location}?handler=Advance", new() { ["OwnerUserId"] = $"{a.EngineerId}" });

        Assert.DoesNotContain("data-testid=\"advance-form\"", financeView);
        Assert.DoesNotContain("data-testid=\"withdraw-form\"", financeView);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("Design requests are moved by the supplier&#x27;s engineering and account staff and by the customer&#x27;s people.", refused);
        var (_, stillSubmitted, _) = await nina.GetAsync(location!);
        Assert.Contains("data-testid=\"withdraw-form\"", stillSubmitted);
    }

    private static async Task<long> CountTitledAsync(PortalFactory portal, string title)
    {
        var database = portal.Services.GetRequiredService<PortalDatabase>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM design_requests WHERE title = @title", new { title });
    }

    private static async Task<long> ArcadiaPartnershipIdAsync(PortalFactory portal)
    {
        var database = portal.Services.GetRequiredService<PortalDatabase>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT p.id FROM partnerships p JOIN organisations o ON o.id = p.customer_org_id WHERE o.name = 'Arcadia Biotech'");
    }
}
