using System.Globalization;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;

namespace Portal.Web.Lists;

/// <summary>
/// Links to the same list with other query values: a sort header, the CSV download, another page. Everything else
/// the reader chose (search, filters) stays; a new sort or filter starts again at the first page.
/// </summary>
public static class ListLinks
{
    public const string PageKey = "pageNumber";

    public static string With(HttpRequest request, params (string Key, string? Value)[] changes)
    {
        var query = QueryHelpers.ParseQuery(request.QueryString.Value);
        var builder = new QueryBuilder(query
            .Where(kv => !changes.Any(c => string.Equals(c.Key, kv.Key, StringComparison.OrdinalIgnoreCase)))
            .SelectMany(kv => kv.Value.Select(v => new KeyValuePair<string, string>(kv.Key, v ?? ""))));
        foreach (var (key, value) in changes.Where(c => c.Value is not null))
        {
            builder.Add(key, value!);
        }
        return request.Path + builder.ToQueryString().Value;
    }

    /// <summary>The list as a CSV file: the same search, filters and sort, every page.</summary>
    public static string Csv(HttpRequest request) => With(request, (PageKey, null), ("handler", "Csv"));

    public static string Page(HttpRequest request, int page, string key = PageKey) =>
        With(request, (key, page.ToString(CultureInfo.InvariantCulture)));

    /// <summary>"1 entry", "2 entries".</summary>
    public static string Entries(long count) => count == 1 ? "1 entry" : $"{count.ToString("N0", CultureInfo.InvariantCulture)} entries";
}
