using System.Globalization;
using Portal.Data.Scorecards;

namespace Portal.Data.Reviews.Agenda;

/// <summary>
/// The partnership's health: every open health alert, then each red and amber metric of the latest scorecard with its
/// trend against the month before, worst first. Green metrics and metrics without data stay off the agenda.
/// </summary>
public sealed class HealthAgendaSource(HealthAlertStore alerts, ScorecardStore scorecards) : IAgendaSource
{
    public async Task<IReadOnlyList<AgendaCandidate>> CollectAsync(AgendaContext context, CancellationToken cancellationToken)
    {
        var items = (await alerts.GetOpenAsync(context.Scope, context.PartnershipId, cancellationToken))
            .Select(a => new AgendaCandidate(AgendaSourceKind.HealthAlert, "HealthAlert", a.Id,
                $"Health alert: {Side(a.Side)} side {ScorecardCalculator.Label(a.FromState).ToLowerInvariant()} → {ScorecardCalculator.Label(a.ToState).ToLowerInvariant()} in {Month(a.Month)}",
                $"Score {a.FromScore.ToString("0.#", CultureInfo.InvariantCulture)} → {a.ToScore.ToString("0.#", CultureInfo.InvariantCulture)}."))
            .ToList();
        if (await scorecards.GetAsync(context.Scope, context.PartnershipId, null, cancellationToken) is { } view)
        {
            items.AddRange(view.Current.Metrics
                .Where(m => m.State is HealthState.Red or HealthState.Amber)
                .OrderBy(m => m.State == HealthState.Red ? 0 : 1).ThenBy(m => m.ScoreMilli)
                .Select(m => Metric(view, m)));
        }
        return items;
    }

    private static AgendaCandidate Metric(ScorecardView view, SnapshotMetric metric)
    {
        var definition = ScorecardRules.Definition(metric.Metric);
        var currency = view.Current.Snapshot.Currency;
        // As the health page shows them: amounts in the partnership's currency, other values with their unit.
        string Shown(decimal value, bool signed = false)
        {
            var number = definition.Unit == "amount" ? "#,0.00" : "#,0.##";
            var text = value.ToString(signed ? $"+{number};-{number};0" : number, CultureInfo.InvariantCulture);
            return $"{text} {(definition.Unit == "amount" ? currency : definition.Unit)}";
        }
        var trend = view.TrendOf(metric.Metric);
        var change = trend.Direction switch
        {
            Trend.None => "no month before to compare",
            Trend.Same => "the same as the month before",
            _ => $"{(trend.Delta is { } d ? Shown(d, signed: true) : "")} against the month before".Trim(),
        };
        var month = view.Current.Snapshot.Month;
        return new AgendaCandidate(AgendaSourceKind.ScorecardMetric, "ScorecardSnapshot", view.Current.Snapshot.Id,
            $"{definition.Label} is {ScorecardCalculator.Label(metric.State).ToLowerInvariant()} in {Month(month)}",
            $"{(metric.Value is { } value ? Shown(value) : "No value")} against a target of {Shown(metric.TargetMilli / 1000m)}; {change}.");
    }

    private static string Side(ScorecardSide side) => side == ScorecardSide.Supplier ? "supplier" : "customer";

    private static string Month(DateOnly month) => month.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
}
