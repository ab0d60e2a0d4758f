namespace Portal.Data.Quality;

/// <summary>An open issue's age and how many of its steps are past due, as of a moment.</summary>
public sealed record OpenIssueAge
{
    public long PartnershipId { get; init; }
    public long Id { get; init; }
    public Severity Severity { get; init; }
    public DateTimeOffset RaisedAt { get; init; }
    public int OverdueSteps { get; init; }
    public bool ContainmentOverdue { get; init; }
}

/// <summary>The partnership's open issues summarised: what a health review and the issue list show.</summary>
public sealed record QualityAging(IReadOnlyList<OpenIssueAge> Issues, DateTimeOffset AsOf)
{
    public int OpenIssues => Issues.Count;
    public int OldestOpenDays => Issues.Count == 0 ? 0 : Issues.Max(i => QualityRules.OpenDays(i.RaisedAt, null, AsOf));
    public decimal AverageOpenDays => Issues.Count == 0 ? 0 : Math.Round((decimal)Issues.Average(i => QualityRules.OpenDays(i.RaisedAt, null, AsOf)), 1);
    public int OverdueSteps => Issues.Sum(i => i.OverdueSteps);
    public int ContainmentOverdue => Issues.Count(i => i.ContainmentOverdue);
}

/// <summary>Nonconforming against delivered quantities for a period (both inclusive dates).</summary>
public sealed record QualityPpm
{
    public DateOnly From { get; init; }
    public DateOnly To { get; init; }
    public long NonconformingQuantity { get; init; }
    public long DeliveredQuantity { get; init; }

    public decimal? Ppm => QualityRules.Ppm(NonconformingQuantity, DeliveredQuantity);
}
