using System.Globalization;
using Portal.Data.Scorecards;

namespace Portal.Web.Pages.Health;

/// <summary>How scorecard figures read on the health, evidence and portfolio pages and in the CSV.</summary>
public static class ScorecardText
{
    public static string Value(ScorecardMetric metric, decimal? value, string currency)
    {
        if (value is not { } v)
        {
            return "—";
        }
        return ScorecardRules.Definition(metric).Unit switch
        {
            "%" => string.Create(CultureInfo.InvariantCulture, $"{v:0.0} %"),
            "ppm" => string.Create(CultureInfo.InvariantCulture, $"{v:#,0} ppm"),
            "amount" => string.Create(CultureInfo.InvariantCulture, $"{v:#,0.00} {currency}"),
            var unit => string.Create(CultureInfo.InvariantCulture, $"{v:#,0.#} {unit}"),
        };
    }

    public static string Score(decimal? score) => score is { } s ? s.ToString("0.#", CultureInfo.InvariantCulture) : "—";

    public static string Delta(TrendOf trend) => trend.Delta is { } d
        ? (d > 0 ? "+" : d < 0 ? "−" : "±") + Math.Abs(d).ToString("#,0.#", CultureInfo.InvariantCulture)
        : "";

    public static string Arrow(TrendOf trend) => trend.Direction switch
    {
        Trend.Up => "▲",
        Trend.Down => "▼",
        Trend.Same => "▶",
        _ => "",
    };

    /// <summary>Green when the move is an improvement for the metric (fewer ppm, more on time), red when it is not.</summary>
    public static string TrendClass(bool? improved) => improved switch
    {
        true => "trend-better",
        false => "trend-worse",
        _ => "trend-flat",
    };

    public static string Month(DateOnly month) => month.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    public static string MonthKey(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static DateOnly? ParseMonth(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) ? month : null;
}
