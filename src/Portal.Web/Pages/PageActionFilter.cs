using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data.Database;

namespace Portal.Web.Pages;

/// <summary>
/// The one answer of every page to input it cannot act on (docs/tenancy.md, "Refusals on pages"):
/// <list type="bullet">
/// <item>a post whose form does not bind is shown again with the binder's errors; the handler does not run;</item>
/// <item>a <see cref="ValidationException"/> (a rule of the data layer) is shown again with each message on the form field
/// that <see cref="FormAttribute"/> names, and so is a <see cref="DuplicateException"/> (a unique key said no);</item>
/// <item>a <see cref="ScopeException"/> (a record the caller sees but whose act is not their role's or side's) is 403,
/// with the page shown again and the store's reason above it.</item>
/// </list>
/// A record the caller cannot see never gets here: the store answers null and the handler answers 404.
/// </summary>
public sealed class PageActionFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerInstance is not PortalPageModel page || context.HandlerMethod is null)
        {
            await next();
            return;
        }
        var cancellationToken = context.HttpContext.RequestAborted;
        var handler = context.HandlerMethod.MethodInfo.GetCustomAttribute<FormAttribute>();
        var form = page.GetType().GetCustomAttribute<FormAttribute>();
        page.Posted = new PostedAct(context.HandlerMethod.Name, context.HandlerArguments);
        if (!HttpMethods.IsGet(context.HttpContext.Request.Method) && !HttpMethods.IsHead(context.HttpContext.Request.Method) && !BindsCleanly(context, handler ?? form))
        {
            context.Result = await page.ShowAgainAsync(cancellationToken);
            return;
        }
        var executed = await next();
        if (executed.ExceptionHandled)
        {
            return;
        }
        switch (executed.Exception)
        {
            case ValidationException invalid:
                foreach (var (field, message) in invalid.Errors)
                {
                    context.ModelState.AddModelError(FormAttribute.FieldFor(field, handler, form), message);
                }
                executed.Result = await page.ShowAgainAsync(cancellationToken);
                executed.ExceptionHandled = true;
                break;
            case DuplicateException duplicate:
                context.ModelState.AddModelError(FormAttribute.FieldFor(FormAttribute.Duplicate, handler, form), duplicate.Message);
                executed.Result = await page.ShowAgainAsync(cancellationToken);
                executed.ExceptionHandled = true;
                break;
            case ScopeException refused:
                context.ModelState.AddModelError("", refused.Message);
                var shown = await page.ShowAgainAsync(cancellationToken);
                if (shown is PageResult result)
                {
                    result.StatusCode = StatusCodes.Status403Forbidden;
                }
                executed.Result = shown;
                executed.ExceptionHandled = true;
                break;
        }
    }

    /// <summary>
    /// Whether what this handler posts bound: its arguments, and its form's fields (those under the form's prefix, or the
    /// page's simple bound fields when it has none). A page that posts several forms binds them all on every post, and
    /// one form's missing field must not stop another form's act. A prefixed form that was not posted at all is bound
    /// without its prefix, so its errors name no bound property: they count for a prefixed handler.
    /// </summary>
    private static bool BindsCleanly(PageHandlerExecutingContext context, FormAttribute? form)
    {
        var prefix = form?.Prefix ?? "";
        var metadata = context.HttpContext.RequestServices.GetRequiredService<IModelMetadataProvider>();
        var bound = context.ActionDescriptor.BoundProperties.ToList();
        var names = bound.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var posted = context.HandlerMethod!.Parameters.Select(p => p.Name)
            .Concat(prefix.Length > 0 ? [prefix] : bound.Where(p => !metadata.GetMetadataForType(p.ParameterType).IsComplexType).Select(p => p.Name))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return context.ModelState
            .Where(entry => entry.Value?.ValidationState == ModelValidationState.Invalid)
            .Select(entry => entry.Key.Split('.', '[')[0])
            .All(name => !posted.Contains(name) && (prefix.Length == 0 || names.Contains(name)));
    }
}
