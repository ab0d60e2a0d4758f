using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Portal.Data.Database;
using Portal.Web.OAuth;

namespace Portal.Web.Hosting;

/// <summary>
/// A request the server cannot read is the client's fault, not ours: too many form values or one too long
/// (<see cref="InvalidDataException"/> from the form reader), a body beyond Kestrel's limit or a malformed one
/// (<see cref="BadHttpRequestException"/>), text PostgreSQL cannot take (<see cref="UnstorableText"/>). Pages answer 400, or 413 whose page names the upload limit; the token
/// endpoint answers as OAuth does, 400 with <c>invalid_request</c> in JSON, because ERP clients parse that.
/// </summary>
public sealed class UnreadableRequestMiddleware(RequestDelegate next, ILogger<UnreadableRequestMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // Said before anything reads the body: the antiforgery check reads the form first and would turn Kestrel's
        // "too large" into a plain 400. The error page this re-executes to comes through here again and must render.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } limit && context.Request.ContentLength > limit
            && context.Features.Get<IStatusCodeReExecuteFeature>() is null)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }
        try
        {
            await next(context);
        }
        catch (Exception e) when ((e is InvalidDataException or BadHttpRequestException || UnstorableText.IsCause(e)) && !context.Response.HasStarted)
        {
            logger.Unreadable(context.Request.Method, context.Request.Path.Value ?? "", e.Message);
            context.Response.Clear();
            if (context.Request.Path.StartsWithSegments(OAuthServices.TokenEndpoint))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                context.Response.Headers.CacheControl = "no-store";
                await context.Response.WriteAsJsonAsync(new Dictionary<string, string>
                {
                    ["error"] = "invalid_request",
                    ["error_description"] = "The request could not be read: too many or too long form values, a NUL character, or a malformed body.",
                }, JsonSerializerOptions.Web);
                return;
            }
            context.Response.StatusCode = e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
                ? StatusCodes.Status413PayloadTooLarge
                : StatusCodes.Status400BadRequest;
        }
    }
}
