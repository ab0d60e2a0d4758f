using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Portal.Web.Pages;

/// <summary>
/// Base of every page that posts. A handler only calls the store and ends with <see cref="Done"/>: a form that does not
/// bind, a broken rule and a refused act are all answered by <see cref="PageActionFilter"/>, which shows the page again
/// through <see cref="ShowAgainAsync"/>, so that every page answers them the same way.
/// </summary>
public abstract class PortalPageModel : PageModel
{
    /// <summary>
    /// The handler a post asked for and its bound arguments, set before it runs (also when a form that does not bind
    /// stops it), so that the page shown again can open the form that was posted.
    /// </summary>
    public PostedAct? Posted { get; internal set; }

    /// <summary>
    /// Loads what the page shows and renders it with the errors in ModelState; a record that is gone is 404. Pages
    /// that show more than their bound form override it.
    /// </summary>
    public virtual Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken) => Task.FromResult<IActionResult>(Page());

    /// <summary>Dates and times in the reader's zone, for what a handler writes or reads (a status line, a posted local time).</summary>
    protected Time.ViewerTime Time => HttpContext.RequestServices.GetRequiredService<Time.ViewerTime>();

    /// <summary>The record id of routes such as <c>/admin/users/{id:long}</c>; the route constraint makes it a number.</summary>
    protected long RouteId => long.Parse((string)RouteData.Values["id"]!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The end of an act that worked: one line for the next page to show, and where to go.</summary>
    protected IActionResult Done(string status, IActionResult next)
    {
        TempData["Status"] = status;
        return next;
    }
}

public sealed record PostedAct(string? Handler, IDictionary<string, object?> Arguments)
{
    /// <summary>The bound argument <paramref name="name"/> of <paramref name="handler"/>, when that is the handler posted.</summary>
    public T? Argument<T>(string handler, string name) where T : struct =>
        Handler == handler && Arguments.TryGetValue(name, out var value) && value is T typed ? typed : null;
}
