using Portal.Web.Identity;
using Portal.Web.Jobs;
using Portal.Web.Pages;
using Portal.Web.Time;

namespace Portal.Web.Hosting;

public static class WebServices
{
    public static IServiceCollection AddPortalWeb(this IServiceCollection services, IWebHostEnvironment environment)
    {
        var pages = services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToPage("/Account/Login");
            o.Conventions.AllowAnonymousToPage("/Account/LoginWith2fa");
            o.Conventions.AllowAnonymousToPage("/Account/Lockout");
            o.Conventions.AllowAnonymousToPage("/Account/AcceptInvite");
            o.Conventions.AllowAnonymousToPage("/Account/AccessDenied");
            o.Conventions.AllowAnonymousToPage("/Error");
            o.Conventions.AuthorizeFolder("/Admin", PortalPolicies.SupplierAdmin);
            o.Conventions.AuthorizeFolder("/Team", PortalPolicies.PeopleManager);
            o.Conventions.AuthorizeFolder("/Equipment", PortalPolicies.SupplierStaff);
            o.Conventions.AuthorizeFolder("/Portfolio", PortalPolicies.SupplierStaff);
        }).AddMvcOptions(o =>
        {
            o.ModelBinderProviders.Insert(0, new LenientBooleanBinderProvider());
            o.ModelBinderProviders.Insert(0, new MoneyAmountBinderProvider());
            o.Filters.Add<ResolveViewerFilter>();
            o.Filters.Add<UnknownHandlerFilter>();
            o.Filters.Add<PageActionFilter>();
        });
        if (environment.IsDevelopment())
        {
            pages.AddRazorRuntimeCompilation();
        }
        services.AddScoped<ViewerTime>();
        services.AddRouting(o => o.LowercaseUrls = true);
        services.AddPortalDelivery();
        return services;
    }

    public static WebApplication UsePortalWeb(this WebApplication app, PortalOptions options)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
            // The middleware sends Strict-Transport-Security only on responses to HTTPS requests (and never for
            // localhost), so a portal served over TLS pins browsers to it while plain-HTTP demos and h2c are untouched.
            app.UseHsts();
        }
        app.UseMiddleware<ClientGoneMiddleware>();
        // gRPC clients read the bare HTTP status (401 is UNAUTHENTICATED, 403 PERMISSION_DENIED); an HTML error page would hide it.
        app.UseWhen(context => context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) != true,
            web => web.UseStatusCodePagesWithReExecute("/error", "?code={0}"));
        app.UseMiddleware<DatabaseBusyMiddleware>();
        app.UseMiddleware<UnreadableRequestMiddleware>();
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            // The Hangfire dashboard ships inline scripts and styles; it is admin-only and keeps its own rules.
            if (!context.Request.Path.StartsWithSegments(JobServices.DashboardPath))
            {
                headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'";
            }
            await next();
        });
        app.UseWhen(context => context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) != true,
            web => web.UseResponseCompression());
        app.UseStaticFiles(Delivery.StaticFiles());
        app.UseRouting();
        app.UsePortalRateLimits();
        app.UseAuthentication();
        app.UseMiddleware<InactiveAccountSignOut>();
        app.UseAuthorization();
        if (options.RunsWeb)
        {
            app.MapRazorPages();
        }
        return app;
    }
}
