using Portal.Web.Lists;

namespace Portal.Web.Pages;

/// <summary>
/// What the pager partial needs: where we are and how to link to another page with the same filters.
/// The query key is "pageNumber" because Razor Pages reserves "page" for itself; a page with two paged lists gives the
/// second its own <paramref name="Key"/> so that paging one keeps the other where it is.
/// </summary>
public sealed record PagerModel(int PageNumber, int PageCount, long Total, HttpRequest Request, string Key = ListLinks.PageKey)
{
    public string UrlFor(int page) => ListLinks.Page(Request, page, Key);
}
