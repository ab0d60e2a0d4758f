namespace Portal.Data.Scorecards;

/// <summary>Which grade the portfolio lists: every partnership, or those with a side (or the chosen side) in one state.</summary>
public enum PortfolioState
{
    All,
    Red,
    Amber,
    Green,
    Insufficient,
}

/// <summary>Which side a state filter looks at.</summary>
public enum PortfolioSide
{
    Either,
    Supplier,
    Customer,
}

public enum PortfolioSort
{
    /// <summary>Red first, then amber, green, insufficient data and not scored yet; within a grade the lower score first.</summary>
    Worst,
    Name,

    /// <summary>The lower supplier score first; not scored last.</summary>
    Supplier,

    /// <summary>The lower customer score first; not scored last.</summary>
    Customer,

    /// <summary>The biggest drop of a side's score against the month before first; no month before last.</summary>
    Trend,
}

/// <summary>What the portfolio lists and in which order. <see cref="Search"/> looks in the partnership's and the customer's name.</summary>
public sealed record PortfolioQuery(PortfolioState State = PortfolioState.All, PortfolioSide Side = PortfolioSide.Either, string? Search = null, bool OpenAlertsOnly = false,
    PortfolioSort Sort = PortfolioSort.Worst)
{
    public const int SearchMaxLength = 100;

    public bool Filtered => State != PortfolioState.All || !string.IsNullOrWhiteSpace(Search) || OpenAlertsOnly;
}

/// <summary>One partnership on the portfolio: its latest month, the month before, a year of side scores and its open alerts.</summary>
public sealed record PortfolioRow(long PartnershipId, string PartnershipName, string CustomerName, ScorecardSnapshot? Latest, ScorecardSnapshot? Previous,
    IReadOnlyList<ScorecardSnapshot> Series, IReadOnlyList<HealthAlert> OpenAlerts);
