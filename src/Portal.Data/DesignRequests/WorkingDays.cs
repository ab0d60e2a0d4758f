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
}
