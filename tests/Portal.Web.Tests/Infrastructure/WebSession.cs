using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Portal.Web.Seed;

namespace Portal.Web.Tests.Infrastructure;

/// <summary>
/// A person's browser without the browser: a cookie jar, a signed-in session and the antiforgery token that
/// forms carry. Redirects are not followed, so tests see exactly what the portal answered.
/// </summary>
public sealed partial class WebSession : IDisposable
{
    private readonly HttpClient _client;
    private bool _signedIn;

    private WebSession(HttpClient client, CookieContainer cookies)
    {
        _client = client;
        Cookies = cookies;
    }

    /// <summary>Headers sent with every request from now on (a forged Host, say).</summary>
    public System.Net.Http.Headers.HttpRequestHeaders Headers => _client.DefaultRequestHeaders;

    /// <summary>The jar, so that a test can copy the cookies as an attacker who stole them would.</summary>
    public CookieContainer Cookies { get; }

    public static async Task<WebSession> SignInAsync(PortalFactory portal, string email, string password = DemoData.Password)
    {
        var session = Anonymous(portal);
        var response = await session.PostFormAsync("/account/login", new() { ["Email"] = email, ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        session._signedIn = true;
        return session;
    }

    /// <summary>A browser at the sign-in page that has not signed in (yet): for tests of the sign-in itself.</summary>
    public static WebSession Anonymous(PortalFactory portal)
    {
        var cookies = new CookieContainer();
        // Redirects are not followed: no RedirectHandler.
        return new WebSession(portal.CreateDefaultClient(new CookieContainerHandler(cookies)), cookies);
    }

    public async Task<(HttpStatusCode Status, string Body, string? Location)> GetAsync(string path)
    {
        using var response = await _client.GetAsync(path, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), response.Headers.Location?.ToString());
    }

    /// <summary>Posts a form the way the page would, with a fresh antiforgery token from the sign-in page.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> form)
    {
        form["__RequestVerificationToken"] = await FetchAntiforgeryAsync();
        return await _client.PostAsync(path, new FormUrlEncodedContent(form), TestContext.Current.CancellationToken);
    }

    public async Task<(HttpStatusCode Status, string Body, string? Location)> PostAsync(string path, Dictionary<string, string> form)
    {
        using var response = await PostFormAsync(path, form);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), response.Headers.Location?.ToString());
    }

    /// <summary>Posts a multipart form with files, as a form with enctype="multipart/form-data" would.</summary>
    public async Task<(HttpStatusCode Status, string Body, string? Location)> PostMultipartAsync(string path, Dictionary<string, string> fields, params (string Field, string FileName, string ContentType, byte[] Content)[] files)
    {
        using var content = new MultipartFormDataContent { { new StringContent(await FetchAntiforgeryAsync()), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }
        foreach (var file in files)
        {
            var part = new ByteArrayContent(file.Content);
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(file.ContentType);
            content.Add(part, file.Field, file.FileName);
        }
        using var response = await _client.PostAsync(path, content, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), response.Headers.Location?.ToString());
    }

    /// <summary>The raw response, for downloads whose headers matter.</summary>
    public Task<HttpResponseMessage> GetResponseAsync(string path) => _client.GetAsync(path, TestContext.Current.CancellationToken);

    // Antiforgery tokens are bound to the signed-in user; any page with a form gives one. The login page is
    // always there, and for a signed-in user the layout's sign-out form carries one on every page.
    private async Task<string> FetchAntiforgeryAsync()
    {
        var (_, body, _) = await GetAsync(_signedIn ? "/notifications" : "/account/login");
        var match = AntiforgeryField().Match(body);
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException("No antiforgery token on the page.");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    public void Dispose() => _client.Dispose();
}
