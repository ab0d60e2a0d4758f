using Portal.Data.Audit;

namespace Portal.Web.Trail;

/// <summary>A trail's filters as the query string carries them (<c>?entity=QualityIssue&amp;actionName=Closed</c>).</summary>
public sealed class TrailQuery
{
    public string? Entity { get; set; }
    public string? ActionName { get; set; }
    public string? Actor { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }

    public AuditFilter Filter => new(Entity, ActionName, Actor, From, To);

    public string? Problem => From is { } from && To is { } to && to < from ? "The end date is before the start date." : null;
}
