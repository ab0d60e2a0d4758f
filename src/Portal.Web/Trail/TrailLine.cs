namespace Portal.Web.Trail;

/// <summary>One trail entry as people read it: a sentence, the fields it changed, and the raw states for admins.</summary>
public sealed record TrailLine(
    DateTimeOffset OccurredAt,
    string ActorName,
    string EntityLabel,
    string ActionLabel,
    string Sentence,
    string? Note,
    IReadOnlyList<TrailField> Fields,
    long? PartnershipId,
    string Entity,
    long? EntityId,
    string? BeforeJson,
    string? AfterJson);

/// <summary>A field by its label with its value before and after, in the formats the pages use ("—" for none).</summary>
public sealed record TrailField(string Label, string Before, string After);
