using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Database;
using Portal.Web.Tests.Infrastructure;
using Portal.Web.Tests.Tenancy;

namespace Portal.Web.Tests.Pages;

public sealed class QualityPagesTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task The_raise_form_shows_field_errors_and_raises_nothing(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        using var engineer = await WebSession.SignInAsync(portal, "nina.engineer@nordlab.example");
        var title = $"Invalid {Guid.NewGuid():N}";

        var (status, body, _) = await engineer.PostAsync($"/p/{a.PartnershipId}/quality/new", new()
        {
            ["Input.Title"] = title, ["Input.Description"] = "", ["Input.Severity"] = "Critical", ["Input.ItemId"] = "",
            ["Input.QuantityAffected"] = "5", ["Input.QuantityInspected"] = "3",
        });
        var (_, bad, _) = await engineer.PostAsync($"/p/{a.PartnershipId}/quality/new", new()
        {
            ["Input.Title"] = title, ["Input.Description"] = "d", ["Input.Severity"] = "Minor", ["Input.ItemId"] = $"{await ItemOfOtherPartnershipAsync(portal, a)}",
            ["Input.QuantityAffected"] = "5", ["Input.QuantityInspected"] = "3",
        });

        var (_, garbled, _) = await engineer.PostAsync($"/p/{a.PartnershipId}/quality/new", new()
        {
            ["Input.Title"] = title, ["Input.Description"] = "d", ["Input.Severity"] = "Catastrophic", ["Input.ItemId"] = "",
            ["Input.QuantityAffected"] = "1", ["Input.QuantityInspected"] = "3",
        });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("The value &#x27;Catastrophic&#x27; is not valid for Severity.", garbled);
        Assert.Contains("Describe what was found.", body);
        Assert.Contains("Choose an item of this partnership.", body);
        Assert.Contains("Choose an item of this partnership.", bad);
        Assert.Contains("The affected quantity cannot exceed the inspected quantity.", bad);
        Assert.Equal(0, await IssuesTitledAsync(portal, title));
    }

    [Theory, OnBothDatabases]
    public async Task A_raised_issue_appears_in_the_list_and_its_steps_are_worked_from_the_details_page(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        using var engineer = await WebSession.SignInAsync(portal, "nina.engineer@nordlab.example");
        using var quality = await WebSession.SignInAsync(portal, "quinn.quality@helix.example");
        var title = $"Loose screws {Guid.NewGuid():N}";

        var (status, _, location) = await engineer.PostAsync($"/p/{a.PartnershipId}/quality/new", new()
        {
            ["Input.Title"] = title, ["Input.Description"] = "Screws loose on arrival.", ["Input.Severity"] = "Critical",
            ["Input.ItemId"] = $"{await ItemOfAsync(portal, a.PartnershipId)}", ["Input.QuantityAffected"] = "2", ["Input.QuantityInspected"] = "10",
        });
        Assert.Equal(HttpStatusCode.Redirect, status);
        var (_, list, _) = await quality.GetAsync($"/p/{a.PartnershipId}/quality?severity=Critical&state=Open");
        Assert.Contains(title, list);

        var (_, tooEarly, _) = await quality.PostAsync($"{location}?handler=CompleteStep&step=D5", []);
        Assert.Contains("Complete D4 (Root cause) first.", tooEarly);
        var (_, noDue, _) = await quality.PostAsync($"{location}?handler=UpdateStep&step=D3", new() { ["StepInput.DueAt"] = "", ["StepInput.Details"] = "x" });
        Assert.Contains("Enter when the step is due.", noDue);
        var (_, supplierVerdict, _) = await quality.PostAsync($"{location}?handler=Reject", new() { ["Reason"] = "Not mine to judge" });
        Assert.DoesNotContain("Not mine to judge", supplierVerdict);

        var (done, _, _) = await quality.PostAsync($"{location}?handler=CompleteStep&step=D3", []);
        Assert.Equal(HttpStatusCode.Redirect, done);
        var (_, details, _) = await quality.GetAsync(location!);
        Assert.Matches(StepDone("D3"), details);
        Assert.Contains("The customer has not accepted the verification (D6).", details);
    }

    [Theory, OnBothDatabases]
    public async Task Each_side_is_offered_only_its_8D_acts_and_a_refusal_is_a_message_on_the_page(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        using var engineer = await WebSession.SignInAsync(portal, "nina.engineer@nordlab.example");
        using var customerLead = await WebSession.SignInAsync(portal, "leo.lead@nordlab.example");
        using var quality = await WebSession.SignInAsync(portal, "quinn.quality@helix.example");
        using var lead = await WebSession.SignInAsync(portal, "alice.lead@helix.example");
        var (_, _, location) = await engineer.PostAsync($"/p/{a.PartnershipId}/quality/new", await RaiseFormAsync(portal, a, $"Burrs {Guid.NewGuid():N}"));
        var later = DateTime.UtcNow.AddDays(5).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

        var (_, customerView, _) = await engineer.GetAsync(location!);
        Assert.DoesNotContain("data-testid=\"complete-D3\"", customerView);
        Assert.DoesNotContain("data-testid=\"edit-D3\"", customerView);
        Assert.DoesNotContain("data-testid=\"severity-card\"", customerView);
        var (refusedStatus, refused, _) = await engineer.PostAsync($"{location}?handler=CompleteStep&step=D3", []);
        Assert.Equal(HttpStatusCode.Forbidden, refusedStatus);
        Assert.Contains("D3 (Containment) is the supplier&#x27;s work.", refused);

        var (_, supplierView, _) = await quality.GetAsync(location!);
        Assert.Contains("data-testid=\"complete-D3\"", supplierView);
        Assert.DoesNotContain("data-testid=\"edit-D8\"", supplierView);
        Assert.DoesNotContain("StepInput.DueChangeReason", supplierView);
        var (_, notLead, _) = await quality.PostAsync($"{location}?handler=UpdateStep&step=D3", new() { ["StepInput.DueAt"] = later, ["StepInput.DueChangeReason"] = "More time" });
        Assert.Contains("Only the supplier&#x27;s lead moves the due date of D3.", notLead);

        var (_, leadView, _) = await lead.GetAsync(location!);
        Assert.Contains("StepInput.DueChangeReason", leadView);
        var (_, noReason, _) = await lead.PostAsync($"{location}?handler=UpdateStep&step=D3", new() { ["StepInput.DueAt"] = later });
        Assert.Contains("Say why the due date moves", noReason);
        Assert.Equal(HttpStatusCode.Redirect, (await lead.PostAsync($"{location}?handler=UpdateStep&step=D3",
            new() { ["StepInput.DueAt"] = later, ["StepInput.DueChangeReason"] = "Agreed with Leo." })).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await customerLead.PostAsync($"{location}?handler=Severity",
            new() { ["NewSeverity"] = "Minor", ["SeverityReason"] = "Cosmetic burrs only." })).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await quality.PostAsync($"{location}?handler=CompleteStep&step=D3", [])).Status);
        var (_, frozen, _) = await lead.PostAsync($"{location}?handler=UpdateStep&step=D3",
            new() { ["StepInput.DueAt"] = DateTime.UtcNow.AddDays(9).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture), ["StepInput.DueChangeReason"] = "Oops" });
        Assert.Contains("D3 is done: its dates are frozen.", frozen);
    }

    [Theory, OnBothDatabases]
    public async Task The_index_filters_by_overdue_and_shows_ppm_and_aging(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        using var lead = await WebSession.SignInAsync(portal, "alice.lead@helix.example");

        var (status, body, _) = await lead.GetAsync($"/p/{a.PartnershipId}/quality?overdue=true&sort=Severity");
        var (_, none, _) = await lead.GetAsync($"/p/{a.PartnershipId}/quality?severity=Minor&state=Closed&owner=1");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Cracked housings", body);
        Assert.Contains("data-testid=\"quality-ppm\"", body);
        Assert.Contains("Containment late", body);
        Assert.Contains("Clear the filters", none);
    }

    [Theory, OnBothDatabases]
    public async Task Photos_on_the_raise_form_and_files_added_later_are_listed_for_both_sides_and_hidden_from_other_tenants(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        using var engineer = await WebSession.SignInAsync(portal, "nina.engineer@nordlab.example");
        using var quality = await WebSession.SignInAsync(portal, "quinn.quality@helix.example");
        using var carl = await WebSession.SignInAsync(portal, "carl.engineer@arcadia.example");

        var (status, _, location) = await engineer.PostMultipartAsync($"/p/{a.PartnershipId}/quality/new", await RaiseFormAsync(portal, a, $"Scratched lenses {Guid.NewGuid():N}"),
            ("Files", "scratch.jpg", "image/jpeg", Jpeg));
        Assert.Equal(HttpStatusCode.Redirect, status);
        var (added, _, _) = await quality.PostMultipartAsync($"{location}?handler=Attach", [], ("Upload", "8d-report.pdf", "application/pdf", "%PDF-1.7 report"u8.ToArray()));
        Assert.Equal(HttpStatusCode.Redirect, added);

        var (_, customerView, _) = await engineer.GetAsync(location!);
        Assert.Contains("scratch.jpg", customerView);
        Assert.Contains("8d-report.pdf", customerView);
        var downloadPath = Regex.Match(customerView, $@"/p/{a.PartnershipId}/attachments/\d+").Value;
        using var download = await quality.GetResponseAsync(downloadPath);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(("attachment", "image/jpeg"), (download.Content.Headers.ContentDisposition!.DispositionType, download.Content.Headers.ContentType!.MediaType));
        Assert.True(download.Headers.CacheControl!.NoStore, $"Cache-Control: {download.Headers.CacheControl}");

        var issueId = location!.Split('/').Last();
        Assert.Equal(HttpStatusCode.NotFound, (await carl.GetAsync(downloadPath)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await carl.PostMultipartAsync($"{location}?handler=Attach", [], ("Upload", "planted.txt", "text/plain", "x"u8.ToArray()))).Status);
        Assert.Equal(2, await FilesOnIssueAsync(portal, long.Parse(issueId, System.Globalization.CultureInfo.InvariantCulture)));
    }

    public static TheoryData<string, string, string> RefusedFiles => new()
    {
        { "../../etc/passwd.txt", "text/plain", "must not contain folders" },
        { "installer.exe", "application/octet-stream", "Files of this type are not accepted" },
        { "photo.png", "image/png", "not a PNG file" },
        { "photo.gif", "image/gif", "not a GIF file" },
        { "counts.csv", "text/csv", "not a CSV file" },
        { "8d-report\u202Efdp.exe", "application/octet-stream", "text-direction characters (such as U+202E)" },
        { "big.txt", "text/plain", "The file is larger than 20 MB" },
    };

    [Theory, MemberData(nameof(RefusedFiles))]
    public async Task A_refused_file_on_the_raise_form_shows_why_and_raises_nothing(string fileName, string contentType, string message)
    {
        var portal = hosts.For(DatabaseProvider.Sqlite);
        var a = await CustomerA.LoadAsync(portal);
        using var engineer = await WebSession.SignInAsync(portal, "nina.engineer@nordlab.example");
        var title = $"With a bad file {Guid.NewGuid():N}";

        var (status, body, _) = await engineer.PostMultipartAsync($"/p/{a.PartnershipId}/quality/new", await RaiseFormAsync(portal, a, title), ("Files", fileName, contentType, BadContent(fileName)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Matches($"data-testid=\"files-error\"[^>]*>[^<]*{Regex.Escape(message)}", WebUtility.HtmlDecode(body));
        Assert.Equal(0, await IssuesTitledAsync(portal, title));
    }

    [Theory, MemberData(nameof(RefusedFiles))]
    public async Task A_refused_file_on_the_details_page_shows_why_and_stores_nothing(string fileName, string contentType, string message)
    {
        var portal = hosts.For(DatabaseProvider.Sqlite);
        var a = await CustomerA.LoadAsync(portal);
        using var engineer = await WebSession.SignInAsync(portal, "nina.engineer@nordlab.example");
        var (_, _, location) = await engineer.PostMultipartAsync($"/p/{a.PartnershipId}/quality/new", await RaiseFormAsync(portal, a, $"Later evidence {Guid.NewGuid():N}"));

        var (status, body, _) = await engineer.PostMultipartAsync($"{location}?handler=Attach", [], ("Upload", fileName, contentType, BadContent(fileName)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Matches($"data-testid=\"upload-error\"[^>]*>[^<]*{Regex.Escape(message)}", WebUtility.HtmlDecode(body));
        Assert.Equal(0, await FilesOnIssueAsync(portal, long.Parse(location!.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10];

    private static byte[] BadContent(string fileName) => fileName switch
    {
        "big.txt" => new byte[20 * 1024 * 1024 + 1],
        "counts.csv" => "part\0count"u8.ToArray(),
        _ => "not what it claims"u8.ToArray(),
    };

    private static async Task<Dictionary<string, string>> RaiseFormAsync(PortalFactory portal, CustomerA a, string title) => new()
    {
        ["Input.Title"] = title, ["Input.Description"] = "Found at incoming inspection.", ["Input.Severity"] = "Major",
        ["Input.ItemId"] = $"{await ItemOfAsync(portal, a.PartnershipId)}", ["Input.QuantityAffected"] = "1", ["Input.QuantityInspected"] = "10",
    };

    private static async Task<long> FilesOnIssueAsync(PortalFactory portal, long issueId)
    {
        var database = portal.Services.GetRequiredService<PortalDatabase>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM attachments WHERE owner_type = 'QualityIssue' AND owner_id = @issueId", new { issueId });
    }

    private static async Task<long> ItemOfAsync(PortalFactory portal, long partnershipId)
    {
        var database = portal.Services.GetRequiredService<PortalDatabase>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT MIN(id) FROM items WHERE partnership_id = @partnershipId", new { partnershipId });
    }

    private static async Task<long> ItemOfOtherPartnershipAsync(PortalFactory portal, CustomerA a)
    {
        var database = portal.Services.GetRequiredService<PortalDatabase>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT MIN(id) FROM items WHERE partnership_id <> @PartnershipId", new { a.PartnershipId });
    }

    private static async Task<long> IssuesTitledAsync(PortalFactory portal, string title)
    {
        var database = portal.Services.GetRequiredService<PortalDatabase>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM quality_issues WHERE title = @title", new { title });
    }

    private static Regex StepDone(string step) => new($"data-testid=\"step-{step}\" data-done=\"true\"");
}
