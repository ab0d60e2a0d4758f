using Portal.Data.Database;

namespace Portal.Web.Hosting;

/// <summary>
/// A request that failed because the database could not do it now (a lock held past the lock timeout, a connection
/// refused; see <see cref="TransientDatabaseErrors"/>) answers 503 with Retry-After, and the status code pages show
/// "try again in a moment": its transaction rolled back, so sending the same form again is safe.
/// </summary>
public sealed class DatabaseBusyMiddleware(RequestDelegate next, ILogger<DatabaseBusyMiddleware> logger)
{
    // Long enough for an ordinary lock to be released, short enough that a person does not give up.
    private const string RetryAfterSeconds = "5";

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (TransientDatabaseErrors.IsTransient(e) && !context.Response.HasStarted)
        {
            logger.DatabaseBusy(e, context.Request.Method, context.Request.Path.Value ?? "");
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = RetryAfterSeconds;
            context.Response.Headers.CacheControl = "no-store";
        }
    }
}
