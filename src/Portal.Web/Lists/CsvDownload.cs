using System.Globalization;
using CsvHelper;
using Microsoft.AspNetCore.Mvc;

namespace Portal.Web.Lists;

/// <summary>
/// A list as a CSV download through CsvHelper: an attachment with a file name, never cached (it holds one tenant's
/// data), and cells that a spreadsheet would run as a formula (= + - @ …) escaped with a leading apostrophe.
/// </summary>
public static class CsvDownload
{
    /// <summary>The most rows one download holds; a list longer than that is narrowed with its filters first.</summary>
    public const int MaxRows = 10_000;

    private static readonly CsvWriterOptions Options = new()
    {
        FormatProvider = CultureInfo.InvariantCulture,
        Injection = CsvInjection.Escape,
    };

    /// <summary>Writes <paramref name="rows"/> (a <c>[CsvRecord]</c> type) with a header line.</summary>
    public static async Task<IActionResult> FileAsync<T>(HttpResponse response, IEnumerable<T> rows, string fileName, CancellationToken cancellationToken)
    {
        var stream = new MemoryStream();
        await using (var csv = CsvWriter.Create(stream, Options, leaveOpen: true))
        {
            await csv.WriteRecordsAsync(rows, cancellationToken);
        }
        stream.Position = 0;
        response.Headers.CacheControl = "no-store";
        return new FileStreamResult(stream, "text/csv") { FileDownloadName = fileName };
    }

    /// <summary>"nor-quality-issues.csv": the partnership's code names whose file it is.</summary>
    public static string Name(string partnershipCode, string list) =>
        string.IsNullOrEmpty(partnershipCode) ? $"{list}.csv" : $"{partnershipCode.ToLowerInvariant()}-{list}.csv";
}
