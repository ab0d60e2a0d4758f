using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Tenancy;

/// <summary>
/// Every page handler the portal serves, read from the running app: routes from the endpoint data source, handlers
/// (GET, POST, named POSTs) from the compiled page. Keys look like "POST /team Deactivate".
/// </summary>
public static class PageEndpoints
{
    public static async Task<IReadOnlyList<string>> DiscoverAsync(PortalFactory portal)
    {
        var endpoints = portal.Services.GetRequiredService<EndpointDataSource>().Endpoints;
        var loader = portal.Services.GetRequiredService<PageLoader>();
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not { } page)
            {
                continue;
            }
            var route = "/" + endpoint.RoutePattern.RawText?.TrimStart('/');
            var compiled = await loader.LoadAsync(page, endpoint.Metadata);
            // Every page renders on GET, with or without an OnGet handler.
            keys.Add($"GET {route}");
            foreach (var handler in compiled.HandlerMethods)
            {
                keys.Add($"{handler.HttpMethod.ToUpperInvariant()} {route} {handler.Name}".TrimEnd());
            }
        }
        return [.. keys];
    }
}
