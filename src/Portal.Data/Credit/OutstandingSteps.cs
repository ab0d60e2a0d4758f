namespace Portal.Data.Credit;

/// <summary>One change of what is still owed on an invoice or an order line: on <see cref="On"/> it moves by <see cref="DeltaMinor"/>.</summary>
public readonly record struct OutstandingStep(DateOnly On, long DeltaMinor);

/// <summary>An invoice or an order line reduced to the figures the balances keep: what was reduced in all, when it was first cleared, and the steps.</summary>
public sealed record OutstandingHistory(long Reduced, DateOnly? LastReducedOn, DateOnly? ClearedOn, IReadOnlyList<OutstandingStep> Steps);

/// <summary>
/// What is owed on one record over time, as the credit rules define it: nothing before it starts (an invoice's issue,
/// an order's date), then the total minus every reduction made by that day (payments, delivered quantities), never
/// below zero, times a unit price (1 for an invoice). Its steps added up to any day give exactly that day's figure,
/// which is what lets a month's exposure be a sum of monthly totals instead of a pass over every record ever synced.
/// </summary>
public static class OutstandingSteps
{
    public static OutstandingHistory For(DateOnly startsOn, long total, long unitMinor, IEnumerable<(DateOnly On, long Quantity)> reductions)
    {
        var byDay = reductions.GroupBy(r => r.On).Select(g => (On: g.Key, Quantity: g.Sum(r => r.Quantity))).OrderBy(r => r.On).ToList();
        var days = byDay.Select(r => r.On).Append(startsOn).Distinct().Order();
        var steps = new List<OutstandingStep>();
        long previous = 0, reduced = 0;
        var next = 0;
        DateOnly? clearedOn = total <= 0 ? DateOnly.MinValue : null;
        foreach (var day in days)
        {
            while (next < byDay.Count && byDay[next].On <= day)
            {
                reduced = checked(reduced + byDay[next++].Quantity);
            }
            if (clearedOn is null && reduced >= total)
            {
                clearedOn = day;
            }
            var owed = day < startsOn ? 0 : checked(Math.Max(0, total - reduced) * unitMinor);
            if (owed != previous)
            {
                steps.Add(new OutstandingStep(day, owed - previous));
                previous = owed;
            }
        }
        return new OutstandingHistory(reduced, byDay.Count == 0 ? null : byDay[^1].On, clearedOn, steps);
    }

    /// <summary>
    /// The figures after <paramref name="added"/> join the reductions behind <paramref name="history"/>, with only the
    /// steps they add: what a new receipt does to a line without reading its earlier receipts again. Null when one falls
    /// on or before the start or before the last reduction, where it would change steps already taken, and when the
    /// history has reductions but not the day of the last (figures stored before that day was kept); such a record is
    /// recomputed with <see cref="For"/>.
    /// </summary>
    public static OutstandingHistory? Extend(DateOnly startsOn, long total, long unitMinor, OutstandingHistory history, IEnumerable<(DateOnly On, long Quantity)> added)
    {
        var byDay = added.GroupBy(r => r.On).Select(g => (On: g.Key, Quantity: g.Sum(r => r.Quantity))).OrderBy(r => r.On).ToList();
        if (byDay.Count == 0) return history with { Steps = [] };
        if (byDay[0].On <= startsOn || byDay[0].On < history.LastReducedOn || (history.Reduced != 0 && history.LastReducedOn is null)) return null;
        var steps = new List<OutstandingStep>();
        var (reduced, clearedOn) = (history.Reduced, history.ClearedOn);
        var previous = checked(Math.Max(0, total - reduced) * unitMinor);
        foreach (var (day, quantity) in byDay)
        {
            reduced = checked(reduced + quantity);
            if (clearedOn is null && reduced >= total)
            {
                clearedOn = day;
            }
            var owed = checked(Math.Max(0, total - reduced) * unitMinor);
            if (owed != previous)
            {
                steps.Add(new OutstandingStep(day, owed - previous));
                previous = owed;
            }
        }
        return new OutstandingHistory(reduced, byDay[^1].On, clearedOn, steps);
    }

    /// <summary>The first day of <paramref name="day"/>'s month: the key of the monthly totals.</summary>
    public static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);
}
