using System.Text.RegularExpressions;
using Portal.Data.Database;
using Portal.Erp.V1;
using Portal.Web.Tests.Infrastructure;
using Portal.Web.Tests.Tenancy;

namespace Portal.Web.Tests.Pages;

public sealed partial class FeedLagPageTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task The_connections_page_shows_how_far_each_connection_has_read_the_change_feed(DatabaseProvider provider)
    {
        var portal = hosts.For(provider);
        var a = await CustomerA.LoadAsync(portal);
        var follower = await portal.CreateAsync("erp.read");
        var idle = await portal.CreateAsync("erp.read");
        using var channel = portal.CreateGrpcChannel();
        var read = await new ChangeFeedService.ChangeFeedServiceClient(channel).GetChangesAsync(new GetChangesRequest { MaxChanges = 2 },
            PortalFactory.Bearer(await portal.GetTokenAsync(follower.Client.ClientId, follower.Secret)), cancellationToken: TestContext.Current.CancellationToken);
        using var lead = await WebSession.SignInAsync(portal, "leo.lead@nordlab.example");

        var (_, body, _) = await lead.GetAsync($"/p/{a.PartnershipId}/erp-connections");

        Assert.Contains("data-testid=\"feed-lag\"", body);
        var head = long.Parse(HeadPattern().Match(body).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(head >= 2);
        Assert.Matches(RowPattern(follower.Client.ClientId, "2", $"{head - 2} to fetch"), body);
        Assert.Matches(RowPattern(idle.Client.ClientId, "&#x2014;", $"{head} to fetch"), body);
        Assert.Equal(2, read.Changes[^1].Position);
    }

    // Other tests append to A's feed meanwhile; the page's own head is what the lag is measured against.
    private static string RowPattern(string clientId, string lastDelivered, string lag) =>
        $"data-feed-client-id=\"{Regex.Escape(clientId)}\">\\s*<td>[^<]*</td>\\s*<td class=\"text-end\">{Regex.Escape(lastDelivered)}</td>\\s*<td class=\"text-end\">\\s*<span[^>]*>{Regex.Escape(lag)}</span>";

    [GeneratedRegex("data-testid=\"feed-head\">(\\d+)<")]
    private static partial Regex HeadPattern();
}
