using System.Net;
using System.Text.RegularExpressions;
using Portal.Data.Database;
using Portal.Web.Hosting;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Hosting;

public sealed partial class DeliveryTests(PortalHosts hosts)
{
    [Theory, OnBothDatabases]
    public async Task Pages_and_stylesheets_travel_compressed_to_a_browser_that_accepts_it(DatabaseProvider provider)
    {
        using var client = hosts.For(provider).CreateClient();
        var page = await GetAsync(client, "/account/login", "br, gzip");
        var css = await GetAsync(client, await StylesheetUrlAsync(client), "gzip");
        var plain = await GetAsync(client, "/account/login", null);

        Assert.Equal(["br"], page.Content.Headers.ContentEncoding);
        Assert.Equal(["gzip"], css.Content.Headers.ContentEncoding);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
    }

    [Theory, OnBothDatabases]
    public async Task A_static_file_under_its_versioned_url_is_cached_for_a_year_and_otherwise_briefly(DatabaseProvider provider)
    {
        using var client = hosts.For(provider).CreateClient();
        var versioned = await StylesheetUrlAsync(client);

        var cached = await GetAsync(client, versioned, null);
        var unversioned = await GetAsync(client, versioned.Split('?')[0], null);

        Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
        Assert.Equal(Delivery.VersionedCacheControl, cached.Headers.CacheControl?.ToString());
        Assert.Equal(Delivery.UnversionedCacheControl, unversioned.Headers.CacheControl?.ToString());
    }

    [Theory, OnBothDatabases]
    public async Task The_layout_links_a_favicon_that_is_served(DatabaseProvider provider)
    {
        using var client = hosts.For(provider).CreateClient();
        var login = await (await GetAsync(client, "/account/login", null)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        foreach (var (path, type) in new[] { ("/favicon.svg", "image/svg+xml"), ("/favicon.ico", "image/x-icon") })
        {
            Assert.Matches($"<link rel=\"icon\" href=\"{Regex.Escape(path)}\\?v=", login);
            var icon = await GetAsync(client, path, null);
            Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
            Assert.Equal(type, icon.Content.Headers.ContentType?.MediaType);
        }
    }

    private static async Task<string> StylesheetUrlAsync(HttpClient client)
    {
        var login = await (await GetAsync(client, "/account/login", null)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return SiteStylesheet().Match(login).Groups[1].Value;
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string? acceptEncoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptEncoding is not null)
        {
            request.Headers.AcceptEncoding.ParseAdd(acceptEncoding);
        }
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    [GeneratedRegex("href=\"(/css/site\\.css\\?v=[^\"]+)\"")]
    private static partial Regex SiteStylesheet();
}
