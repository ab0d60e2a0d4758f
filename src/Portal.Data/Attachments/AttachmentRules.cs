using System.Globalization;

namespace Portal.Data.Attachments;

/// <summary>
/// What the portal accepts as a file: a short plain name, an allowed extension whose declared type matches it, a
/// size under the limit and, for the types browsers render themselves, content that starts like that type.
/// The stored content type always comes from the extension, never from what the client claimed.
/// </summary>
public static class AttachmentRules
{
    public const int MaxFileNameLength = 150;

    // Browsers send this when they do not know a type; it claims nothing, so it contradicts no extension.
    private const string Unknown = "application/octet-stream";

    private sealed record FileType(string ContentType, string[] AlsoAccepted, byte[]? Magic = null);

    private static readonly Dictionary<string, FileType> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["pdf"] = new("application/pdf", [], "%PDF-"u8.ToArray()),
        ["png"] = new("image/png", [], [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        ["jpg"] = new("image/jpeg", ["image/pjpeg"], [0xFF, 0xD8, 0xFF]),
        ["jpeg"] = new("image/jpeg", ["image/pjpeg"], [0xFF, 0xD8, 0xFF]),
        ["gif"] = new("image/gif", []),
        ["webp"] = new("image/webp", []),
        ["txt"] = new("text/plain", []),
        ["csv"] = new("text/csv", ["text/plain", "application/vnd.ms-excel", "application/csv"]),
        ["xlsx"] = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", []),
        ["docx"] = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", []),
        ["step"] = new("application/step", ["model/step", "application/x-step"]),
        ["stp"] = new("application/step", ["model/step", "application/x-step"]),
        ["zip"] = new("application/zip", ["application/x-zip-compressed", "application/x-zip"]),
    };

    public static IEnumerable<string> AllowedExtensions => Types.Keys;

    /// <summary>The value for an input's accept attribute.</summary>
    public static string AcceptAttribute => string.Join(",", Types.Keys.Select(e => "." + e));

    /// <summary>Null when the file is acceptable, else what is wrong with it in words for the person uploading.</summary>
    public static string? Check(string fileName, string? declaredContentType, long sizeBytes, ReadOnlySpan<byte> head, long maxBytes)
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
        if (type.Magic is { } magic && !head.StartsWith(magic))
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
        return null;
    }

    private static string Extension(string fileName)
    {
        var dot = fileName.LastIndexOf('.');
        return dot < 0 ? "" : fileName[(dot + 1)..];
    }

    public static string Megabytes(long bytes) =>
        (bytes / (1024m * 1024m)).ToString("0.#", CultureInfo.InvariantCulture) + " MB";
}
