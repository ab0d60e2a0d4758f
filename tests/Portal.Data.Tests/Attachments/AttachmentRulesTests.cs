using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Portal.Data.Attachments;

namespace Portal.Data.Tests.Attachments;

public sealed class AttachmentRulesTests
{
    private const long Max = 1024;
    private static readonly byte[] Pdf = "%PDF-1.7\n"u8.ToArray();
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0];
    private static readonly byte[] Text = "hello"u8.ToArray();
    private static readonly byte[] Gif = "GIF89a\u0001\0\u0001\0"u8.ToArray();
    private static readonly byte[] Webp = [.. "RIFF"u8, 0x1A, 0, 0, 0, .. "WEBPVP8L"u8];
    private static readonly byte[] Zip = ZipOf("readme.txt", Text);
    private static readonly byte[] Csv = Encoding.UTF8.GetBytes("\uFEFFpart;result\r\n1-34;ok\t\r\n35;Maßhaltig\n");
    private static readonly byte[] WindowsCsv = Encoding.Latin1.GetBytes("Teil;Ergebnis\r\n35;Maßhaltig\r\n");

    public static TheoryData<string, string?, byte[]> Accepted => new()
    {
        { "drawing.pdf", "application/pdf", Pdf },
        { "photo.PNG", "image/png", Png },
        { "photo.jpg", "image/jpeg", Jpeg },
        { "photo.jpeg", "image/pjpeg", Jpeg },
        { "photo.gif", "image/gif", Gif },
        { "photo.webp", "image/webp", Webp },
        { "notes.txt", "text/plain", Text },
        { "volumes.csv", "application/vnd.ms-excel", Csv },
        { "Prüfung.csv", "text/csv", WindowsCsv },
        { "housing.step", "application/octet-stream", Text },
        { "housing.stp", null, Text },
        { "bundle.zip", "application/x-zip-compressed", Zip },
        { "specs.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Zip },
        { "Lastenheft Ä 2026 (v2).docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Zip },
        { "Ünïcödé ‹Bericht› 中文 .txt", "text/plain", Text },
    };

    [Theory, MemberData(nameof(Accepted))]
    public void Allowed_files_pass(string name, string? contentType, byte[] content) =>
        Assert.Null(AttachmentRules.Check(name, contentType, content.Length, content, Max));

    public static TheoryData<string, string?, long, byte[], string> Refused => new()
    {
        { "../../etc/passwd.txt", "text/plain", 5, Text, "must not contain folders" },
        { "..\\boot.ini.txt", "text/plain", 5, Text, "must not contain folders" },
        { "C:evil.txt", "text/plain", 5, Text, "must not contain folders" },
        { "a..b.txt", "text/plain", 5, Text, "must not contain folders" },
        { "bell\u0007.txt", "text/plain", 5, Text, "control characters" },
        { "c1\u0085.txt", "text/plain", 5, Text, "control characters" },
        { "report\u202Efdp.txt", "text/plain", 5, Text, "text-direction characters (such as U+202E)" },
        { "\u202Areport.txt", "text/plain", 5, Text, "text-direction characters" },
        { "\u202Breport.txt", "text/plain", 5, Text, "text-direction characters" },
        { "report\u202C.txt", "text/plain", 5, Text, "text-direction characters" },
        { "report\u202D.txt", "text/plain", 5, Text, "text-direction characters" },
        { "report\u2066x\u2069.txt", "text/plain", 5, Text, "text-direction characters" },
        { "report\u2067.txt", "text/plain", 5, Text, "text-direction characters" },
        { "report\u2068.txt", "text/plain", 5, Text, "text-direction characters" },
        { "report\u200F.txt", "text/plain", 5, Text, "text-direction characters" },
        { new string('a', 151) + ".txt", "text/plain", 5, Text, "longer than 150" },
        { " ", "text/plain", 5, Text, "has no name" },
        { "big.txt", "text/plain", Max + 1, Text, "larger than" },
        { "empty.txt", "text/plain", 0, [], "empty" },
        { "setup.exe", "application/octet-stream", 5, Text, "not accepted" },
        { "noextension", "text/plain", 5, Text, "not accepted" },
        { "page.html", "text/html", 5, Text, "not accepted" },
        { "fake.pdf", "text/html", 9, Pdf, "does not match" },
        { "fake.pdf", "application/pdf", 5, Text, "not a PDF file" },
        { "fake.png", "image/png", 6, Jpeg, "not a PNG file" },
        { "fake.jpg", "image/jpeg", 10, Png, "not a JPG file" },
        { "fake.gif", "image/gif", 10, Png, "not a GIF file" },
        { "fake.gif", "image/gif", 4, "GIF8"u8.ToArray(), "not a GIF file" },
        { "fake.webp", "image/webp", 12, [.. "RIFF"u8, 0, 0, 0, 0, .. "WAVE"u8], "not a WEBP file" },
        { "fake.webp", "image/webp", 4, "RIFF"u8.ToArray(), "not a WEBP file" },
        { "fake.zip", "application/zip", 5, Text, "not a ZIP file" },
        { "truncated.zip", "application/zip", 20, Zip[..20], "not a ZIP file" },
        { "fake.xlsx", null, 9, Pdf, "not a XLSX file" },
        { "fake.docx", null, 5, Text, "not a DOCX file" },
        { "binary.csv", "text/csv", 10, Png, "not a CSV file" },
        { "utf16.csv", "text/csv", 8, Encoding.Unicode.GetBytes("a;b\n"), "not a CSV file" },
    };

    [Theory, MemberData(nameof(Refused))]
    public void Unsafe_or_unknown_files_are_refused_with_a_reason(string name, string? contentType, long size, byte[] content, string reason) =>
        Assert.Contains(reason, AttachmentRules.Check(name, contentType, size, content, Max));

    [Fact]
    public void A_zip_that_claims_to_unpack_to_more_than_1_GB_is_refused()
    {
        Assert.Null(AttachmentRules.Check("at-the-limit.zip", "application/zip", Zip.Length, Claiming(FileSignatures.MaxUnpackedZipBytes), Max));
        Assert.Contains("not a ZIP file", AttachmentRules.Check("bomb.zip", "application/zip", Zip.Length, Claiming(FileSignatures.MaxUnpackedZipBytes + 1), Max));

        // The central directory's uncompressed size (offset 24 of its header) is what unpacking tools trust.
        static byte[] Claiming(long unpackedBytes)
        {
            var zip = Zip.ToArray();
            BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(zip.AsSpan().LastIndexOf("PK\u0001\u0002"u8) + 24), (uint)unpackedBytes);
            return zip;
        }
    }

    [Fact]
    public void The_default_limit_is_20_MB_and_the_message_names_it()
    {
        Assert.Equal(20L * 1024 * 1024, new AttachmentOptions().MaxBytes);
        Assert.Contains("20 MB", AttachmentRules.Check("big.pdf", "application/pdf", AttachmentOptions.DefaultMaxBytes + 1, Pdf, AttachmentOptions.DefaultMaxBytes));
    }

    [Fact]
    public void The_stored_type_comes_from_the_extension()
    {
        Assert.Equal("image/jpeg", AttachmentRules.ContentTypeFor("x.JPEG"));
        Assert.Equal("application/step", AttachmentRules.ContentTypeFor("x.stp"));
    }

    private static byte[] ZipOf(string entryName, byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = archive.CreateEntry(entryName, CompressionLevel.NoCompression).Open();
            entry.Write(content);
        }
        return buffer.ToArray();
    }
}
