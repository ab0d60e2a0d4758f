using System.IO.Compression;

namespace Portal.Data.Attachments;

/// <summary>
/// Whether a file's bytes are what its extension says, for each allowed type: a signature where the format has one,
/// the container's structure for ZIP-based types, and plain text for CSV.
/// </summary>
public static class FileSignatures
{
    /// <summary>
    /// The most a ZIP may claim to unpack to. The portal never unpacks a file, but whoever downloads it may, so an
    /// archive that declares more than this (a "zip bomb") is refused. Nested archives are not opened.
    /// </summary>
    public const long MaxUnpackedZipBytes = 1024L * 1024 * 1024;

    public delegate bool Check(ReadOnlySpan<byte> content);

    public static Check StartsWith(byte[] signature) => content => content.StartsWith(signature);

    public static bool IsGif(ReadOnlySpan<byte> content) => content.StartsWith("GIF87a"u8) || content.StartsWith("GIF89a"u8);

    // RIFF, a little-endian length, then the form type.
    public static bool IsWebp(ReadOnlySpan<byte> content) =>
        content.Length >= 12 && content.StartsWith("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8);

    /// <summary>
    /// Text that a spreadsheet or editor reads: no NUL or other control bytes besides tab, line feed and carriage
    /// return. Any 8-bit encoding passes, because Excel writes CSV in the Windows code page unless told otherwise.
    /// </summary>
    public static bool IsText(ReadOnlySpan<byte> content)
    {
        foreach (var b in content)
        {
            if (b < 0x20 && b is not (byte)'\t' and not (byte)'\n' and not (byte)'\r' || b == 0x7F)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A ZIP archive (also the container of xlsx and docx) whose directory reads and whose entries unpack to at most <see cref="MaxUnpackedZipBytes"/>.</summary>
    public static bool IsZip(ReadOnlySpan<byte> content)
    {
        if (!content.StartsWith("PK\u0003\u0004"u8))
        {
            return false;
        }
        try
        {
            using var archive = new ZipArchive(new MemoryStream(content.ToArray(), writable: false), ZipArchiveMode.Read);
            long unpacked = 0;
            foreach (var entry in archive.Entries)
            {
                unpacked += entry.Length;
                if (unpacked > MaxUnpackedZipBytes)
                {
                    return false;
                }
            }
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }
}
