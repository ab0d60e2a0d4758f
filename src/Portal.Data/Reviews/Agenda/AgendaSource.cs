using Portal.Data.Tenancy;

namespace Portal.Data.Reviews.Agenda;

/// <summary>Where an agenda item came from.</summary>
public enum AgendaSourceKind
{
    HealthAlert,
    ScorecardMetric,
    GuaranteeMiss,
    PenaltyCredit,
    QualityIssue,
    Verification,
    DesignRequest,
    Credit,
    Loan,
    ActionItem,
    Manual,
}

public static class AgendaSourceKinds
{
    public static string Label(this AgendaSourceKind kind) => kind switch
    {
        AgendaSourceKind.HealthAlert => "Health alert",
        AgendaSourceKind.ScorecardMetric => "Scorecard",
        AgendaSourceKind.GuaranteeMiss => "Guarantee",
        AgendaSourceKind.PenaltyCredit => "Penalty credit",
        AgendaSourceKind.QualityIssue => "Quality",
        AgendaSourceKind.Verification => "Verification",
        AgendaSourceKind.DesignRequest => "Design request",
        AgendaSourceKind.ActionItem => "Action item",
        AgendaSourceKind.Manual => "Added by hand",
        _ => kind.ToString(),
    };
}

/// <summary>
/// What a source looks at: the partnership, as the lead opening the review may see it, the moment of opening, and where
/// "since the last review" starts (the last review's opening, or <see cref="AgendaBuilder.FirstLookBack"/> before now).
/// </summary>
public sealed record AgendaContext(CallerScope Scope, long PartnershipId, long ReviewId, DateTimeOffset Now, DateTimeOffset Since)
{
    public DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);
}

/// <summary>An item a source proposes, naming its record (a change kind's entity and the id); the web layer links to the record's page.</summary>
public sealed record AgendaCandidate(AgendaSourceKind Kind, string? Entity, long? EntityId, string Title, string Detail, int CarriedCount = 0);

/// <summary>
/// One kind of exception in the partnership's data that belongs on a review's agenda. Each source is one class; the
/// builder asks them all, in the order they were registered, when a review opens.
/// </summary>
public interface IAgendaSource
{
    Task<IReadOnlyList<AgendaCandidate>> CollectAsync(AgendaContext context, CancellationToken cancellationToken);
}
