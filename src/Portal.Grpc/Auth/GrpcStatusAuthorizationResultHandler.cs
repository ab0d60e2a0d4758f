using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using OpenIddict.Validation.AspNetCore;

namespace Portal.Grpc.Auth;

/// <summary>
/// Answers a gRPC call that fails authorization with a gRPC status instead of a bare HTTP 401/403. grpc-dotnet clients
/// translate those codes themselves, but other stacks (grpcio, grpc-js) only report "Received http2 header with status:
/// 401" and never see why. A trailers-only response (HTTP 200, grpc-status and grpc-message in the headers) is what
/// every gRPC client reads. Requests that are not gRPC keep ASP.NET Core's answer (the sign-in redirect for pages).
/// </summary>
public sealed class GrpcStatusAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded || context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) != true)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }
        var (status, message) = authorizeResult.Challenged
            ? (StatusCode.Unauthenticated, await UnauthenticatedMessageAsync(context))
            : (StatusCode.PermissionDenied, "The access token does not carry the scope this method needs: erp.read for reads and the change feed, erp.sync for writes.");
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = ((int)status).ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
        if (status == StatusCode.Unauthenticated)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }
    }

    private static async Task<string> UnauthenticatedMessageAsync(HttpContext context)
    {
        const string HowTo = "Send \"authorization: Bearer <access token>\", the token from POST /connect/token (grant_type=client_credentials).";
        var result = await context.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        return result.Properties?.Items.TryGetValue(OpenIddictValidationAspNetCoreConstants.Properties.ErrorDescription, out var why) == true && !string.IsNullOrEmpty(why)
            ? $"{why} {HowTo}"
            : $"No access token was sent. {HowTo}";
    }
}
