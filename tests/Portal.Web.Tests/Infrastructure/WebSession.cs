using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Portal.Web.Seed;

namespace Portal.Web.Tests.Infrastructure;

/// <summary>
/// A person's browser without the browser: a cookie jar, a signed-in session and the antiforgery token that
/// forms carry. Redirects are not followed, so tests see exactly what the portal answered.
/// </summary>
public sealed partial class WebSession : IDisposable
{
    private readonly HttpClient _client;
    private string? _antiforgery;
    private string? _reusedAntiforgery;

    private WebSession(HttpClient client) => _client = client;

    public static async Task<WebSession> SignInAsync(PortalFactory portal, string email, string password = DemoData.Password)
    {
        var session = new WebSession(portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        var response = await session.PostFormAsync("/account/login", new() { ["Email"] = email, ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return session;
    }

    public async Task<(HttpStatusCode Status, string Body, string? Location)> GetAsync(string path)
    {
        using var response = await _client.GetAsync(path, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), response.Headers.Location?.ToString());
    }

    /// <summary>Posts a form the way the page would, with a fresh antiforgery token from the sign-in page.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> form)
    {
        _antiforgery = await FetchAntiforgeryAsync();
        form["__RequestVerificationToken"] = _antiforgery;
        return await _client.PostAsync(path, new FormUrlEncodedContent(form), TestContext.Current.CancellationToken);
    }

    public async Task<(HttpStatusCode Status, string Body, string? Location)> PostAsync(string path, Dictionary<string, string> form)
    {
        using var response = await PostFormAsync(path, form);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), response.Headers.Location?.ToString());
    }

    /// <summary>
    /// Posts fields that may repeat a name (as a multi-select or a hostile client does). The antiforgery token is fetched
    /// once and reused, as a page left open is: this is for many posts in a row.
    /// </summary>
    public async Task<HttpStatusCode> PostFieldsAsync(string path, IEnumerable<KeyValuePair<string, string?>> fields)
    {
        _reusedAntiforgery ??= await FetchAntiforgeryAsync();
        using var content = new FormUrlEncodedContent([.. fields.Select(f => new KeyValuePair<string?, string?>(f.Key, f.Value)), new("__RequestVerificationToken", _reusedAntiforgery)]);
        using var response = await _client.PostAsync(path, content, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    /// <summary>Posts a multipart form with files, as a form with enctype="multipart/form-data" would.</summary>
    public async Task<(HttpStatusCode Status, string Body, string? Location)> PostMultipartAsync(string path, Dictionary<string, string> fields, params (string Field, string FileName, string ContentType, byte[] Content)[] files)
    {
        _antiforgery = await FetchAntiforgeryAsync();
        using var content = new MultipartFormDataContent { { new StringContent(_antiforgery), "__RequestVerificationToken" } };
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
        var (_, body, _) = await GetAsync(_antiforgery is null ? "/account/login" : "/notifications");
        var match = AntiforgeryField().Match(body);
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException("No antiforgery token on the page.");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    public void Dispose() => _client.Dispose();
}
