using Microsoft.AspNetCore.Mvc.ModelBinding;
using Portal.Data;
using Portal.Data.Audit;
using Portal.Data.Changes;
using Portal.Data.Tenancy;

namespace Portal.Web.Trail;

/// <summary>What the shared trail partial shows: the filters with their choices, the entries as sentences, the pager.</summary>
public sealed record TrailView(TrailQuery Query, IReadOnlyList<(string Value, string Label)> Entities, IReadOnlyList<(string Value, string Label)> Actions,
    IReadOnlyList<TrailLine> Lines, Page<AuditEntry> Page, CallerScope Viewer)
{
    /// <summary>The recorded JSON behind each sentence is for admins, who sort out what a sentence cannot say.</summary>
    public bool ShowRaw => Viewer.IsAdmin;

    /// <summary>
    /// The one way a trail page loads: checks the dates (a field error on To), lists the entities present and their
    /// actions by the words the entries use, and reads the page as <paramref name="viewer"/> sees it, in their time zone.
    /// </summary>
    public static async Task<TrailView> LoadAsync(ModelStateDictionary modelState, TrailQuery query, int pageNumber, CallerScope viewer, TimeZoneInfo zone,
        Func<Task<IReadOnlyList<string>>> entities, Func<AuditFilter, int, Task<Page<AuditEntry>>> page)
    {
        if (query.Problem is { } problem)
        {
            modelState.AddModelError($"{nameof(TrailView.Query)}.{nameof(TrailQuery.To)}", problem);
        }
        var present = await entities();
        var kinds = present.Where(e => query.Entity is null || e == query.Entity).Select(ChangeKinds.Named).OfType<ChangeKind>();
        var actions = kinds.SelectMany(k => k.Actions).Distinct().Select(a => (a, TrailWords.ActionLabel(a))).OrderBy(a => a.Item2, StringComparer.Ordinal).ToList();
        var entries = modelState.IsValid ? await page(query.Filter, pageNumber) : new Page<AuditEntry>([], 1, AuditStore.PageSize, 0);
        return new TrailView(query, present.Select(e => (e, TrailWords.Noun(e))).OrderBy(e => e.Item2, StringComparer.Ordinal).ToList(), actions,
            entries.Items.Select(e => TrailReader.Read(e, zone)).ToList(), entries, viewer);
    }
}
