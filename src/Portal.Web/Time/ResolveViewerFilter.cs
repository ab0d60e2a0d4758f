using Microsoft.AspNetCore.Mvc.Filters;
using Portal.Web.Identity;

namespace Portal.Web.Time;

/// <summary>Resolves the caller before any page binds or renders, so that <see cref="ViewerTime"/> knows the reader's zone everywhere.</summary>
public sealed class ResolveViewerFilter(CallerContext caller) : IAsyncPageFilter
{
    public async Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => await caller.GetAsync(context.HttpContext.RequestAborted);

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next) => next();
}
