using Microsoft.AspNetCore.Http.Extensions;

namespace Portal.Web.Pages;

/// <summary>
/// What the pager partial needs: where we are and how to link to another page with the same filters.
/// The query key is "pageNumber" because Razor Pages reserves "page" for itself; a page with two paged lists gives the
/// second its own <paramref name="Key"/> so that paging one keeps the other where it is.
/// </summary>
public sealed record PagerModel(int PageNumber, int PageCount, long Total, HttpRequest Request, string Key = "pageNumber")
{
    public string UrlFor(int page)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Request.QueryString.Value);
        var builder = new QueryBuilder(query.Where(kv => !string.Equals(kv.Key, Key, StringComparison.OrdinalIgnoreCase)).SelectMany(kv => kv.Value.Select(v => new KeyValuePair<string, string>(kv.Key, v ?? ""))))
        {
            { Key, page.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        return Request.Path + builder.ToQueryString().Value;
    }
}
