using Portal.Data;
using Portal.Data.Audit;

namespace Portal.Web.Pages;

/// <summary>What the shared trail partial shows and filters by; the filter names are the query keys.</summary>
public interface ITrailView
{
    string? Entity { get; }
    string? ActionName { get; }
    string? Actor { get; }
    DateOnly? From { get; }
    DateOnly? To { get; }
    Page<AuditEntry> Entries { get; }
    IReadOnlyList<string> Entities { get; }
}
