using System.Globalization;
using Portal.Data.Scorecards;

namespace Portal.Data.Reviews;

/// <summary>
/// The minutes as frozen when the review closed: stored once as JSON on the review and never rewritten, so that what both
/// companies read, print and download is what was recorded, whatever happens to the live records afterwards. Minutes
/// frozen before the scorecard copy existed, or of a partnership with no month scored, have no <see cref="Scorecard"/>.
/// </summary>
public sealed record ReviewMinutes(
    string Title,
    DateTimeOffset StartsAt,
    string TimeZone,
    string Place,
    string VideoLink,
    DateTimeOffset ClosedAt,
    string ClosedByName,
    IReadOnlyList<MinutesAttendee> Attendees,
    IReadOnlyList<MinutesItem> Items,
    MinutesScorecard? Scorecard = null);

public sealed record MinutesAttendee(string Name, string Company);

public sealed record MinutesItem(int Number, string Title, string Detail, int CarriedCount, string? SkippedReason, string Notes,
    IReadOnlyList<MinutesDecision> Decisions, IReadOnlyList<MinutesAction> Actions);

public sealed record MinutesDecision(string Text, string DecidedBy, string Company);

public sealed record MinutesAction(long Id, string Title, string Owner, string Company, DateOnly DueOn, string State, string? Link);

/// <summary>
/// A copy of the scorecard figures the meeting discussed: the latest scored month's revision, both sides' scores and its
/// red and amber metrics. Labels, units and states are copied as text, so the copy reads the same after a recompute, a
/// changed target or a renamed metric.
/// </summary>
public sealed record MinutesScorecard(DateOnly Month, int Revision, string Currency, MinutesSide Supplier, MinutesSide Customer, IReadOnlyList<MinutesMetric> Metrics)
{
    public static MinutesScorecard? Of(ScorecardMonth? month)
    {
        if (month is null)
        {
            return null;
        }
        var s = month.Snapshot;
        return new MinutesScorecard(s.Month, s.Revision, s.Currency, new MinutesSide(s.SupplierScore, s.SupplierState.ToString()), new MinutesSide(s.CustomerScore, s.CustomerState.ToString()),
            month.Metrics
                .Where(m => m.State is HealthState.Red or HealthState.Amber)
                .OrderBy(m => m.State == HealthState.Red ? 0 : 1).ThenBy(m => m.ScoreMilli)
                .Select(m => new MinutesMetric(m.Metric.ToString(), m.Side.ToString(), m.Definition.Label, m.Definition.Unit, m.Value, m.Target, m.State.ToString()))
                .ToList());
    }

    /// <summary>A metric's figure as the health page shows it: amounts in the scorecard's currency, other values with their unit.</summary>
    public string Shown(MinutesMetric metric, decimal? value) => value is not { } v ? "—" : metric.Unit switch
    {
        "%" => string.Create(CultureInfo.InvariantCulture, $"{v:0.0} %"),
        "ppm" => string.Create(CultureInfo.InvariantCulture, $"{v:#,0} ppm"),
        "amount" => string.Create(CultureInfo.InvariantCulture, $"{v:#,0.00} {Currency}"),
        var unit => string.Create(CultureInfo.InvariantCulture, $"{v:#,0.#} {unit}"),
    };

    public static string Score(decimal? score) => score is { } s ? s.ToString("0.#", CultureInfo.InvariantCulture) : "—";

    /// <summary>A state as people read it: "No data" and "Insufficient data" are not grades.</summary>
    public static string StateLabel(string state) => state switch
    {
        nameof(HealthState.NoData) => "No data",
        nameof(HealthState.InsufficientData) => "Insufficient data",
        _ => state,
    };
}

public sealed record MinutesSide(decimal? Score, string State);

public sealed record MinutesMetric(string Metric, string Side, string Label, string Unit, decimal? Value, decimal Target, string State);
