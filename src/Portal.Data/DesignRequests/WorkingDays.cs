namespace Portal.Data.DesignRequests;

/// <summary>Target durations count working days: Saturdays and Sundays do not count (public holidays are not modelled).</summary>
public static class WorkingDays
{
    public static DateOnly Add(DateOnly start, int workingDays)
    {
        var date = start;
        var left = workingDays;
        while (left > 0)
        {
            date = date.AddDays(1);
            if (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                left--;
            }
        }
        return date;
    }

    /// <summary>The inverse of <see cref="Add"/>: working days after <paramref name="start"/> up to and including <paramref name="end"/> (0 when end is not after start).</summary>
    public static int Between(DateOnly start, DateOnly end)
    {
        var days = 0;
        for (var date = start.AddDays(1); date <= end; date = date.AddDays(1))
        {
            if (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                days++;
            }
        }
        return days;
    }
}
