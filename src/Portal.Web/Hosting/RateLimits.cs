using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Data.Users;
using Portal.Web.OAuth;

namespace Portal.Web.Hosting;

/// <summary>
/// Slows password and code guessing at the sign-in pages and secret guessing at the token endpoint: a fixed window per
/// client address and one per account (the e-mail typed, the person at the two-factor step, the ERP client id), both
/// of which must admit a request. Refusals are 429 with Retry-After: the error page for browsers, an OAuth error for
/// the token endpoint. The counters live in the node's memory (see <see cref="RateLimitOptions"/>).
/// </summary>
public static class RateLimits
{
    private const string AccountKey = "portal:rate-limit-account";
    private const string LoginPath = "/account/login";
    private const string TwoFactorPath = "/account/login-2fa";

    public static IServiceCollection AddPortalRateLimits(this IServiceCollection services, RateLimitOptions options)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(options, context, byAccount: false)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(options, context, byAccount: true)));
            limiter.OnRejected = OnRejectedAsync;
        });
        return services;
    }

    /// <summary>Before authentication: OpenIddict answers the token endpoint from inside it.</summary>
    public static WebApplication UsePortalRateLimits(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (Guarded(context.Request) is not null)
            {
                context.Items[AccountKey] = await AccountOfAsync(context);
            }
            await next();
        });
        app.UseRateLimiter();
        return app;
    }

    private static string? Guarded(HttpRequest request) =>
        !HttpMethods.IsPost(request.Method) ? null
        : request.Path.Equals(LoginPath, StringComparison.OrdinalIgnoreCase) || request.Path.Equals(TwoFactorPath, StringComparison.OrdinalIgnoreCase) ? "sign-in"
        : request.Path.Equals(OAuthServices.TokenEndpoint, StringComparison.OrdinalIgnoreCase) ? "token"
        : null;

    private static RateLimitPartition<string> Partition(RateLimitOptions options, HttpContext context, bool byAccount)
    {
        var kind = Guarded(context.Request);
        if (kind is null || (byAccount && context.Items[AccountKey] is not string))
        {
            return RateLimitPartition.GetNoLimiter("");
        }
        var limit = (kind, byAccount) switch
        {
            ("token", false) => options.TokenPerAddress,
            ("token", true) => options.TokenPerClient,
            (_, false) => options.SignInPerAddress,
            _ => options.SignInPerAccount,
        };
        var who = byAccount ? (string)context.Items[AccountKey]! : context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetFixedWindowLimiter($"{kind}|{byAccount}|{who}", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = TimeSpan.FromSeconds(options.WindowSeconds),
            QueueLimit = 0,
        });
    }

    /// <summary>Whom the attempt is against; null when the request does not say (then only the address limit applies).</summary>
    private static async Task<string?> AccountOfAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.Equals(TwoFactorPath, StringComparison.OrdinalIgnoreCase))
        {
            // The person who passed the password step, from Identity's short-lived two-factor cookie.
            var pending = await context.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme);
            return pending.Principal?.FindFirstValue(ClaimTypes.Name) is { } user ? $"person:{user}" : null;
        }
        if (request.Path.Equals(OAuthServices.TokenEndpoint, StringComparison.OrdinalIgnoreCase)
            && AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            && string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            && BasicClientId(header.Parameter) is { } basic)
        {
            return Bounded($"client:{basic}");
        }
        if (!request.HasFormContentType)
        {
            return null;
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(context.RequestAborted);
        }
        catch (InvalidDataException)
        {
            // A form over the limits: the endpoint itself refuses it, and the address limit still counts it.
            return null;
        }
        return request.Path.Equals(LoginPath, StringComparison.OrdinalIgnoreCase)
            ? form["Email"].ToString() is { Length: > 0 } email ? Bounded($"email:{UserStore.Normalize(email)}") : null
            : form["client_id"].ToString() is { Length: > 0 } clientId ? Bounded($"client:{clientId}") : null;
    }

    private static string? BasicClientId(string? parameter)
    {
        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(parameter ?? ""));
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 ? Uri.UnescapeDataString(pair[..colon]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // Keys live in memory until their window is idle: a flood of made-up long names must not grow them without bound.
    private static string Bounded(string key) => key.Length <= 200 ? key : key[..200];

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        if (Guarded(context.Request) == "token")
        {
            // RFC 6749 names no error for this; "slow_down" is the OAuth word for it (RFC 8628) and ERP clients log it.
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.WriteAsJsonAsync(
                new Dictionary<string, string> { ["error"] = "slow_down", ["error_description"] = $"Too many token requests. Retry after {seconds} seconds." },
                cancellationToken);
        }
        // Browsers get the error page: the status code pages re-execute /error?code=429 for an empty 429.
    }
}
