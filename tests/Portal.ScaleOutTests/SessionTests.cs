using System.Net;
using System.Text.RegularExpressions;
using Portal.ScaleOutTests.Cluster;

namespace Portal.ScaleOutTests;

/// <summary>A person's browser through the balancer, with no sticky sessions: every request may land on either node.</summary>
[Collection(typeof(ScaleOutCollection))]
public sealed partial class SessionTests(TwoNodes cluster)
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 1, 2, 3];

    [ScaleOutFact]
    public async Task A_person_works_across_both_nodes_and_a_form_rendered_by_one_posts_to_the_other_with_its_file()
    {
        await cluster.EnsureBothUpAsync();
        var partnership = await cluster.CountAsync("SELECT id FROM partnerships WHERE name LIKE '%Nordlab'");
        using var browser = new Browser(cluster.Balancer.Web);
        var signedIn = await browser.SignInAsync("nina.engineer@nordlab.example");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);

        var pages = new List<Browser.Page>();
        foreach (var path in new[] { $"/p/{partnership}", $"/p/{partnership}/quality", "/my-work", "/notifications", $"/p/{partnership}/credit" })
        {
            pages.Add(await browser.GetAsync(path));
        }
        Assert.All(pages, p => Assert.True(p.Status == HttpStatusCode.OK && !p.IsLoginPage, $"{p.Status} {p.Location} from {p.ServedBy}"));
        Assert.Equal(["a", "b"], pages.Select(p => p.ServedBy).Distinct().Order());

        await browser.AlignAsync("a");
        var form = await browser.GetAsync($"/p/{partnership}/quality/new");
        var title = $"Cracked housing {Guid.NewGuid():N}";
        var raised = await browser.PostMultipartAsync($"/p/{partnership}/quality/new", form.Antiforgery(), new()
        {
            ["Input.Title"] = title, ["Input.Description"] = "Found at incoming inspection.", ["Input.Severity"] = "Major",
            ["Input.ItemId"] = ItemOption().Match(form.Body).Groups[1].Value, ["Input.QuantityAffected"] = "1", ["Input.QuantityInspected"] = "10",
        }, ("Files", "crack.jpg", "image/jpeg", Jpeg));
        Assert.Equal(("a", "b"), (form.ServedBy, raised.ServedBy));
        Assert.Equal(HttpStatusCode.Redirect, raised.Status);
        var issue = raised.Location!;

        await browser.AlignAsync("a");
        var report = "%PDF-1.7 8D report"u8.ToArray();
        var attached = await browser.PostMultipartAsync($"{issue}?handler=Attach", form.Antiforgery(), [], ("Upload", "8d-report.pdf", "application/pdf", report));
        Assert.Equal(("a", HttpStatusCode.Redirect), (attached.ServedBy, attached.Status));
        var details = await browser.GetAsync(issue);
        var links = AttachmentLink().Matches(details.Body).Select(m => m.Value).Distinct().ToList();
        Assert.Equal(2, links.Count);
        var downloads = new List<(HttpStatusCode Status, byte[] Content, string ServedBy)>();
        foreach (var link in links)
        {
            await browser.AlignAsync("b");
            downloads.Add(await browser.DownloadAsync(link));
        }
        Assert.All(downloads, d => Assert.Equal((HttpStatusCode.OK, "b"), (d.Status, d.ServedBy)));
        Assert.Equal([Jpeg, report], downloads.Select(d => d.Content).OrderBy(c => c.Length));
    }

    [ScaleOutFact]
    public async Task Signing_out_on_node_A_ends_the_session_on_node_B()
    {
        await cluster.EnsureBothUpAsync();
        using var browser = new Browser(cluster.Balancer.Web);
        await browser.SignInAsync("leo.lead@nordlab.example");
        var page = await browser.GetAsync("/notifications");
        using var otherTab = browser.Copy();
        Assert.False((await otherTab.GetAsync("/notifications")).IsLoginPage);

        await browser.AlignAsync("a");
        var signedOut = await browser.PostAsync("/account/logout", page.Antiforgery(), []);
        await otherTab.AlignAsync("b");
        var afterwards = await otherTab.GetAsync("/notifications");

        Assert.Equal(("a", HttpStatusCode.Redirect), (signedOut.ServedBy, signedOut.Status));
        Assert.Equal("b", afterwards.ServedBy);
        Assert.True(afterwards.IsLoginPage, $"{afterwards.Status} {afterwards.Location}");
        Assert.True((await otherTab.GetAsync("/notifications")).IsLoginPage);
    }

    [GeneratedRegex("<select[^>]*name=\"Input.ItemId\"[^>]*>.*?<option value=\"(\\d+)\"", RegexOptions.Singleline)]
    private static partial Regex ItemOption();

    [GeneratedRegex(@"/p/\d+/attachments/\d+")]
    private static partial Regex AttachmentLink();
}
