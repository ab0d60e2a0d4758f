using Portal.Data.Attachments;

namespace Portal.Web.Pages;

/// <summary>Turns posted files into attachments, refusing an oversize file before reading it into memory.</summary>
public static class UploadedFiles
{
    public sealed record Result(IReadOnlyList<NewAttachment> Files, string? Error);

    /// <summary>The one file of an "add a file" form; posting none is an error too.</summary>
    public static Task<Result> ReadOneAsync(IFormFile? posted, long maxBytes, bool supplierOnly, CancellationToken cancellationToken) =>
        posted is null ? Task.FromResult(new Result([], "Choose a file to upload.")) : ReadAsync([posted], maxBytes, supplierOnly, cancellationToken);

    public static async Task<Result> ReadAsync(IEnumerable<IFormFile> posted, long maxBytes, bool supplierOnly, CancellationToken cancellationToken)
    {
        var files = new List<NewAttachment>();
        foreach (var file in posted)
        {
            if (file.Length > maxBytes)
            {
                return new Result([], AttachmentRules.Check(file.FileName, file.ContentType, file.Length, [], maxBytes));
            }
            using var buffer = new MemoryStream((int)file.Length);
            await file.CopyToAsync(buffer, cancellationToken);
            var content = buffer.ToArray();
            if (AttachmentRules.Check(file.FileName, file.ContentType, content.LongLength, content, maxBytes) is { } problem)
            {
                return new Result([], $"{file.FileName}: {problem}");
            }
            files.Add(new NewAttachment(file.FileName, file.ContentType, content, supplierOnly));
        }
        return new Result(files, null);
    }
}
