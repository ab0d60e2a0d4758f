using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Portal.Web.Lists;

/// <summary>
/// <c>&lt;th sort-by="Title"&gt;Title&lt;/th&gt;</c>: the header becomes a link that sorts the list by that column (again:
/// the other way round) and says how it is sorted with <c>aria-sort</c>. The key must be a value of the page's sort
/// enum; the server binds it to that enum, so nothing else reaches the SQL.
/// </summary>
[HtmlTargetElement("th", Attributes = "sort-by")]
public sealed class SortHeaderTagHelper : TagHelper
{
    [HtmlAttributeName("sort-by")]
    public string SortBy { get; set; } = "";

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var list = ViewContext.ViewData.Model as ISortedList
            ?? throw new InvalidOperationException($"A sort header needs a page model that is an {nameof(ISortedList)}.");
        var current = string.Equals(list.SortKey, SortBy, StringComparison.OrdinalIgnoreCase);
        var descending = current && list.Dir == SortDirection.Desc;
        if (current)
        {
            output.Attributes.SetAttribute("aria-sort", descending ? "descending" : "ascending");
        }
        var next = current && !descending ? SortDirection.Desc : SortDirection.Asc;
        var href = ListLinks.With(ViewContext.HttpContext.Request, ("sort", SortBy), ("dir", next.ToString().ToLowerInvariant()), (ListLinks.PageKey, null));
        var label = (await output.GetChildContentAsync()).GetContent();
        var mark = current ? (descending ? "▼" : "▲") : "↕";
        output.Content.SetHtmlContent(
            $"<a class=\"sort-link\" href=\"{HtmlEncoder.Default.Encode(href)}\">{label}<span class=\"sort-mark\" aria-hidden=\"true\">{mark}</span></a>");
    }
}
