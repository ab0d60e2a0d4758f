using Microsoft.AspNetCore.ResponseCompression;

namespace Portal.Web.Hosting;

/// <summary>How pages and static files travel: text compressed, static files cached for a year when their URL names their version.</summary>
public static class Delivery
{
    /// <summary>Cache-Control for a static file whose URL carries asp-append-version's hash: a changed file gets a new URL.</summary>
    public const string VersionedCacheControl = "public, max-age=31536000, immutable";

    /// <summary>Cache-Control for a static file asked for without a version (the favicon, links typed by hand): it may change under the same URL.</summary>
    public const string UnversionedCacheControl = "public, max-age=600";

    public static IServiceCollection AddPortalDelivery(this IServiceCollection services) =>
        // An explicit list rather than the defaults; gRPC compresses per message itself and never passes through the
        // middleware (see UsePortalWeb). Over HTTPS the middleware stays off (its default, against BREACH); behind the TLS balancer of
        // docs/deploy.md the nodes speak plain HTTP and compress.
        services.AddResponseCompression(o =>
        {
            o.MimeTypes = ["text/html", "text/css", "text/javascript", "application/javascript", "application/json", "text/csv", "text/plain", "image/svg+xml"];
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
        });

    public static StaticFileOptions StaticFiles() => new()
    {
        OnPrepareResponse = file => file.Context.Response.Headers.CacheControl =
            file.Context.Request.Query.ContainsKey("v") ? VersionedCacheControl : UnversionedCacheControl,
    };
}
