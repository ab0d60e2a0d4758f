namespace Portal.Web.Hosting;

/// <summary>
/// A request whose client went away ends quietly. RequestAborted stopped its database work, and what the handler threw
/// then (an OperationCanceledException, or SQLite's interrupt surfacing while a row was read) is that stop: logging it as
/// an error and rendering an error page for nobody would bury real faults under every closed tab.
/// </summary>
public sealed class ClientGoneMiddleware(RequestDelegate next, ILogger<ClientGoneMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (context.RequestAborted.IsCancellationRequested)
        {
            logger.ClientGone(e, context.Request.Method, context.Request.Path.Value ?? "");
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            }
        }
    }
}
