using System.Globalization;
using Portal.Data.Scorecards;

namespace Portal.Web.Pages.Portfolio;

/// <summary>
/// The portfolio's query string as people type and share it (<c>?state=red&amp;side=customer&amp;q=nord&amp;alerts=true&amp;sort=trend</c>):
/// each value read leniently (any case, blank is the default), and each value that is not one of the choices named in
/// the message that says what the choices are, so that a hand-edited link gets an answer rather than a guess.
/// </summary>
public sealed record PortfolioFilter(PortfolioQuery Query, int PageNumber, IReadOnlyList<string> Errors)
{
    public static readonly IReadOnlyList<(PortfolioState Value, string Key, string Label)> States =
    [
        (PortfolioState.All, "all", "All grades"),
        (PortfolioState.Red, "red", "Red"),
        (PortfolioState.Amber, "amber", "Amber"),
        (PortfolioState.Green, "green", "Green"),
        (PortfolioState.Insufficient, "insufficient", "Insufficient data"),
    ];

    public static readonly IReadOnlyList<(PortfolioSide Value, string Key, string Label)> Sides =
    [
        (PortfolioSide.Either, "either", "on either side"),
        (PortfolioSide.Supplier, "supplier", "on the supplier side"),
        (PortfolioSide.Customer, "customer", "on the customer side"),
    ];

    public static readonly IReadOnlyList<(PortfolioSort Value, string Key, string Label)> Sorts =
    [
        (PortfolioSort.Worst, "worst", "Worst first"),
        (PortfolioSort.Name, "name", "Name"),
        (PortfolioSort.Supplier, "supplier", "Supplier score"),
        (PortfolioSort.Customer, "customer", "Customer score"),
        (PortfolioSort.Trend, "trend", "Biggest drop"),
    ];

    public static PortfolioFilter Parse(string? state, string? side, string? search, string? alerts, string? sort, string? pageNumber)
    {
        var errors = new List<string>();
        var query = new PortfolioQuery(
            Choice(States, state, "grade", errors),
            Choice(Sides, side, "side", errors),
            search?.Trim() is { Length: > 0 } text ? text : null,
            Flag(alerts, errors),
            Choice(Sorts, sort, "sort", errors));
        if (query.Search?.Length > PortfolioQuery.SearchMaxLength)
        {
            errors.Add($"Search for at most {PortfolioQuery.SearchMaxLength} characters.");
        }
        var page = 1;
        if (!string.IsNullOrWhiteSpace(pageNumber) && (!int.TryParse(pageNumber, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
        {
            errors.Add($"“{pageNumber}” is not a page number: pages are numbered from 1.");
            page = 1;
        }
        return new PortfolioFilter(query, page, errors);
    }

    public static string Key<T>(IReadOnlyList<(T Value, string Key, string Label)> choices, T value) where T : struct, Enum =>
        choices.Single(c => c.Value.Equals(value)).Key;

    private static T Choice<T>(IReadOnlyList<(T Value, string Key, string Label)> choices, string? given, string what, List<string> errors) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(given))
        {
            return choices[0].Value;
        }
        foreach (var choice in choices)
        {
            if (string.Equals(choice.Key, given.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return choice.Value;
            }
        }
        errors.Add($"“{given}” is not a {what} the portfolio knows: use {string.Join(", ", choices.Select(c => c.Key))}.");
        return choices[0].Value;
    }

    private static bool Flag(string? given, List<string> errors)
    {
        switch (given?.Trim().ToLowerInvariant())
        {
            case null or "" or "false" or "0" or "no" or "off":
                return false;
            case "true" or "1" or "yes" or "on":
                return true;
            default:
                errors.Add($"“{given}” is not a yes or no for “open alerts only”: use true or false.");
                return false;
        }
    }
}
