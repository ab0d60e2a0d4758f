using System.Net;
using System.Text.RegularExpressions;

namespace Portal.Bench;

/// <summary>
/// A browser's session as the portal sees it: signed in through the login form (with its antiforgery token), then
/// pages fetched with the cookie. Redirects are not followed, so a page that sends the user back to sign in is a 302,
/// never a quiet 200 of the login page.
/// </summary>
public sealed partial class PortalSession : IDisposable
{
    private const string LoginFormMarker = "data-testid=\"login-form\"";

    private readonly HttpClient _http;

    private PortalSession(Uri web, int connections)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            CookieContainer = new CookieContainer(),
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        { BaseAddress = web, Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>A browser that has not signed in.</summary>
    public static PortalSession Anonymous(Uri web, int connections = 2) => new(web, connections);

    /// <summary>Signs in and proves it: the form answers with a redirect and the cookie opens a page that needs it.</summary>
    public static async Task<PortalSession> SignInAsync(Uri web, string email, string password, int connections = 2)
    {
        var session = new PortalSession(web, connections);
        var form = await session._http.GetStringAsync("/account/login");
        var token = AntiforgeryField().Match(form) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException("The login page has no antiforgery token.");
        using var answer = await session._http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
        if (answer.StatusCode != HttpStatusCode.Redirect || answer.Headers.Location?.OriginalString.StartsWith("/account/", StringComparison.Ordinal) != false)
        {
            throw new InvalidOperationException($"Signing in as {email} failed: {(int)answer.StatusCode} to {answer.Headers.Location}.");
        }
        return session;
    }

    /// <summary>The page's body; throws unless it is a 200 that is not the login page.</summary>
    public async Task<string> GetPageAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(path, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK || body.Contains(LoginFormMarker, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode} {response.Headers.Location}{(body.Contains(LoginFormMarker, StringComparison.Ordinal) ? " with the login page" : "")}.");
        }
        return body;
    }

    /// <summary>One timed fetch: the whole body is read, as a browser would; anything but a 200 throws.</summary>
    public async Task GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(path, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{path} answered {(int)response.StatusCode} {response.Headers.Location}.");
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
