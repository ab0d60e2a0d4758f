using Portal.Data.Attachments;

namespace Portal.Data.Tests.Attachments;

public sealed class AttachmentRulesTests
{
    private const long Max = 1024;
    private static readonly byte[] Pdf = "%PDF-1.7\n"u8.ToArray();
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0];
    private static readonly byte[] Text = "hello"u8.ToArray();

    public static TheoryData<string, string?, byte[]> Accepted => new()
    {
        { "drawing.pdf", "application/pdf", Pdf },
        { "photo.PNG", "image/png", Png },
        { "photo.jpg", "image/jpeg", Jpeg },
        { "photo.jpeg", "image/pjpeg", Jpeg },
        { "notes.txt", "text/plain", Text },
        { "volumes.csv", "application/vnd.ms-excel", Text },
        { "housing.step", "application/octet-stream", Text },
        { "housing.stp", null, Text },
        { "bundle.zip", "application/x-zip-compressed", Text },
        { "specs.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Text },
        { "Lastenheft Ä 2026 (v2).docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Text },
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
    };

    [Theory, MemberData(nameof(Refused))]
    public void Unsafe_or_unknown_files_are_refused_with_a_reason(string name, string? contentType, long size, byte[] content, string reason) =>
        Assert.Contains(reason, AttachmentRules.Check(name, contentType, size, content, Max));

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
}
