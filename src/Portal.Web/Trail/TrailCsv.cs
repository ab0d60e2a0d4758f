using CsvHelper;
using Microsoft.AspNetCore.Mvc;
using Portal.Web.Lists;

namespace Portal.Web.Trail;

/// <summary>A trail as CSV: the entries the filters select, every page, as the page tells them.</summary>
public static partial class TrailCsv
{
    public static Task<IActionResult> FileAsync(HttpResponse response, TrailView trail, string fileName, CancellationToken cancellationToken) =>
        CsvDownload.FileAsync(response, trail.Lines.Select(l => new CsvRow(l.OccurredAt.UtcDateTime, l.ActorName, l.EntityLabel, l.ActionLabel, l.Sentence, l.Note,
            string.Join("; ", l.Fields.Select(f => $"{f.Label}: {f.Before} → {f.After}")))), fileName, cancellationToken);

    [CsvRecord]
    internal sealed partial record CsvRow(DateTime OccurredUtc, string Who, string What, string Action, string Entry, string? Note, string Changes);
}
