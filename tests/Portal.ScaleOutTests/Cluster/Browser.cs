using System.Net;
using System.Text.RegularExpressions;

namespace Portal.ScaleOutTests.Cluster;

/// <summary>
/// A person's browser through the balancer: one cookie jar, redirects not followed, and for every answer the node that
/// served it (the balancer's X-Served-By), so that a test can show a session hopping between nodes.
/// </summary>
public sealed partial class Browser : IDisposable
{
    public const string Password = "Partner-demo-2026";
    private const string LoginFormMarker = "data-testid=\"login-form\"";

    private readonly HttpClient _http;

    public Browser(Uri balancer, CookieContainer? cookies = null)
    {
        Cookies = cookies ?? new CookieContainer();
        _http = new HttpClient(new SocketsHttpHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = balancer };
    }

    public CookieContainer Cookies { get; }

    public sealed record Page(HttpStatusCode Status, string Body, string? Location, string ServedBy)
    {
        public bool IsLoginPage => Status == HttpStatusCode.Redirect && Location?.Contains("/account/login", StringComparison.OrdinalIgnoreCase) == true
            || Body.Contains(LoginFormMarker, StringComparison.Ordinal);

        public string Antiforgery() => AntiforgeryField().Match(Body) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException($"No antiforgery token on the page served by {ServedBy}.");
    }

    /// <summary>A copy of this browser's cookies in another browser, as a second tab or a stolen cookie would be.</summary>
    public Browser Copy()
    {
        var copy = new CookieContainer();
        copy.Add(Cookies.GetAllCookies());
        return new Browser(_http.BaseAddress!, copy);
    }

    public async Task<Page> SignInAsync(string email)
    {
        var form = await GetAsync("/account/login");
        return await PostAsync("/account/login", form.Antiforgery(), new() { ["Email"] = email, ["Password"] = Password });
    }

    public async Task<Page> GetAsync(string path, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(path, cancellationToken);
        return await PageOfAsync(response, cancellationToken);
    }

    public async Task<Page> PostAsync(string path, string antiforgery, Dictionary<string, string> form)
    {
        form["__RequestVerificationToken"] = antiforgery;
        using var response = await _http.PostAsync(path, new FormUrlEncodedContent(form));
        return await PageOfAsync(response, default);
    }

    /// <summary>Posts fields that may repeat a name, with the antiforgery token in a header, as the Hangfire dashboard's scripts do.</summary>
    public async Task<Page> PostFieldsAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string header, string antiforgery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add(header, antiforgery);
        using var response = await _http.SendAsync(request);
        return await PageOfAsync(response, default);
    }

    public async Task<Page> PostMultipartAsync(string path, string antiforgery, Dictionary<string, string> fields, (string Field, string FileName, string ContentType, byte[] Content) file)
    {
        using var content = new MultipartFormDataContent { { new StringContent(antiforgery), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields) content.Add(new StringContent(value), name);
        var part = new ByteArrayContent(file.Content);
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(file.ContentType);
        content.Add(part, file.Field, file.FileName);
        using var response = await _http.PostAsync(path, content);
        return await PageOfAsync(response, default);
    }

    /// <summary>Makes the balancer's round robin send this browser's next request to <paramref name="next"/>, by health probes.</summary>
    public async Task AlignAsync(string next)
    {
        for (var attempt = 0; attempt < 4; attempt++)
        {
            if ((await GetAsync("/healthz")).ServedBy != next) return;
        }
        throw new InvalidOperationException($"The balancer keeps sending pages to {next}: not round robin.");
    }

    /// <summary>The raw answer, for a download's bytes.</summary>
    public async Task<(HttpStatusCode Status, byte[] Content, string ServedBy)> DownloadAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(), ServedByOf(response));
    }

    private static async Task<Page> PageOfAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        new(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken), response.Headers.Location?.OriginalString, ServedByOf(response));

    public static string ServedByOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues(Balancer.ServedBy, out var values) ? values.Single() : "(not the balancer)";

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    public void Dispose() => _http.Dispose();
}
