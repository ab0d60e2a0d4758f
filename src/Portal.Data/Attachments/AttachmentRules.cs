using System.Globalization;

namespace Portal.Data.Attachments;

/// <summary>
/// What the portal accepts as a file: a short plain name, an allowed extension whose declared type matches it, a
/// size under the limit and content that is what the extension says (see <see cref="FileSignatures"/>).
/// The stored content type always comes from the extension, never from what the client claimed.
/// </summary>
public static class AttachmentRules
{
    public const int MaxFileNameLength = 150;

    // Browsers send this when they do not know a type; it claims nothing, so it contradicts no extension.
    private const string Unknown = "application/octet-stream";

    // Text and STEP (ISO 10303-21, itself text) are never rendered in the portal's origin and have no signature.
    private sealed record FileType(string ContentType, string[] AlsoAccepted, FileSignatures.Check? Content = null);

    private static readonly Dictionary<string, FileType> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["pdf"] = new("application/pdf", [], FileSignatures.StartsWith("%PDF-"u8.ToArray())),
        ["png"] = new("image/png", [], FileSignatures.StartsWith([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])),
        ["jpg"] = new("image/jpeg", ["image/pjpeg"], FileSignatures.StartsWith([0xFF, 0xD8, 0xFF])),
        ["jpeg"] = new("image/jpeg", ["image/pjpeg"], FileSignatures.StartsWith([0xFF, 0xD8, 0xFF])),
        ["gif"] = new("image/gif", [], FileSignatures.IsGif),
        ["webp"] = new("image/webp", [], FileSignatures.IsWebp),
        ["txt"] = new("text/plain", []),
        ["csv"] = new("text/csv", ["text/plain", "application/vnd.ms-excel", "application/csv"], FileSignatures.IsText),
        ["xlsx"] = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [], FileSignatures.IsZip),
        ["docx"] = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", [], FileSignatures.IsZip),
        ["step"] = new("application/step", ["model/step", "application/x-step"]),
        ["stp"] = new("application/step", ["model/step", "application/x-step"]),
        ["zip"] = new("application/zip", ["application/x-zip-compressed", "application/x-zip"], FileSignatures.IsZip),
    };

    public static IEnumerable<string> AllowedExtensions => Types.Keys;

    /// <summary>The value for an input's accept attribute.</summary>
    public static string AcceptAttribute => string.Join(",", Types.Keys.Select(e => "." + e));

    /// <summary>Null when the file is acceptable, else what is wrong with it in words for the person uploading.</summary>
    /// <remarks><paramref name="content"/> is the whole file (ZIP and CSV checks read all of it); it may be empty when <paramref name="sizeBytes"/> is over the limit.</remarks>
    public static string? Check(string fileName, string? declaredContentType, long sizeBytes, ReadOnlySpan<byte> content, long maxBytes)
    {
        if (NameProblem(fileName) is { } nameProblem)
        {
            return nameProblem;
        }
        if (sizeBytes <= 0)
        {
            return "The file is empty.";
        }
        if (sizeBytes > maxBytes)
        {
            return $"The file is larger than {Megabytes(maxBytes)}; the limit is {Megabytes(maxBytes)} per file.";
        }
        if (!Types.TryGetValue(Extension(fileName), out var type))
        {
            return $"Files of this type are not accepted. Allowed: {string.Join(", ", Types.Keys)}.";
        }
        var declared = (declaredContentType ?? "").Split(';')[0].Trim();
        if (declared.Length > 0 && !declared.Equals(Unknown, StringComparison.OrdinalIgnoreCase)
            && !declared.Equals(type.ContentType, StringComparison.OrdinalIgnoreCase)
            && !type.AlsoAccepted.Contains(declared, StringComparer.OrdinalIgnoreCase))
        {
            return $"The file's type ({declared}) does not match its name.";
        }
        if (type.Content is { } isThatType && !isThatType(content))
        {
            return $"The file's content is not a {Extension(fileName).ToUpperInvariant()} file.";
        }
        return null;
    }

    /// <summary>The content type stored and served for a file that passed <see cref="Check"/>.</summary>
    public static string ContentTypeFor(string fileName) => Types[Extension(fileName)].ContentType;

    private static string? NameProblem(string fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            return "The file has no name.";
        }
        if (fileName.Length > MaxFileNameLength)
        {
            return $"The file name is longer than {MaxFileNameLength} characters; rename it and try again.";
        }
        if (fileName.IndexOfAny(['/', '\\', ':']) >= 0 || fileName.Contains("..", StringComparison.Ordinal))
        {
            return "The file name must not contain folders, '..', ':' or slashes.";
        }
        if (fileName.Any(char.IsControl))
        {
            return "The file name contains control characters.";
        }
        if (fileName.Any(IsBidiControl))
        {
            return "The file name contains text-direction characters (such as U+202E), which can disguise its real type; rename it and try again.";
        }
        return null;
    }

    // The explicit marks, embeddings, overrides and isolates of Unicode's bidirectional algorithm (UAX #9): they
    // reorder what a person sees, so that "report\u202Efdp.exe" reads as "reportexe.pdf".
    private static bool IsBidiControl(char c) => c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static string Extension(string fileName)
    {
        var dot = fileName.LastIndexOf('.');
        return dot < 0 ? "" : fileName[(dot + 1)..];
    }

    public static string Megabytes(long bytes) =>
        (bytes / (1024m * 1024m)).ToString("0.#", CultureInfo.InvariantCulture) + " MB";
}
