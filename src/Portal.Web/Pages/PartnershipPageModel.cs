using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data.Partnerships;
using Portal.Data.Tenancy;
using Portal.Web.Identity;

namespace Portal.Web.Pages;

/// <summary>
/// Base for every page under /p/{partnershipId}: loads the partnership through the caller's scope before any
/// handler runs. Another tenant's partnership is a plain 404, the same as one that does not exist.
/// </summary>
public abstract class PartnershipPageModel : PortalPageModel
{
    [BindProperty(SupportsGet = true, Name = "partnershipId")]
    public long PartnershipId { get; set; }

    public Partnership Partnership { get; private set; } = null!;

    public CallerScope Scope { get; private set; } = null!;

    // Without [NonHandler] Razor Pages would also route an HTTP "PAGE" verb here as a handler named "HandlerExecution".
    [NonHandler]
    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var services = HttpContext.RequestServices;
        var scope = await services.GetRequiredService<CallerContext>().GetAsync(HttpContext.RequestAborted);
        var partnership = scope is null ? null : await services.GetRequiredService<PartnershipStore>().GetAsync(scope, PartnershipId, HttpContext.RequestAborted);
        if (scope is null || partnership is null)
        {
            context.Result = NotFound();
            return;
        }
        Scope = scope;
        Partnership = partnership;
        await next();
    }
}
