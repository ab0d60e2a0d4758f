using PdfSharp.Fonts;

namespace Portal.Web.Pdf;

/// <summary>
/// PDFsharp finds no fonts by itself on Linux: every face it asks for is answered with DejaVu Sans from Debian's
/// fonts-dejavu-core (which covers the accents and symbols customers type), embedded in the file.
/// </summary>
public sealed class DejaVuFontResolver(string directory) : IFontResolver
{
    public const string DefaultDirectory = "/usr/share/fonts/truetype/dejavu";

    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) => new(bold ? Bold : Regular);

    public byte[] GetFont(string faceName)
    {
        var path = Path.Combine(directory, faceName + ".ttf");
        return File.Exists(path)
            ? File.ReadAllBytes(path)
            : throw new FileNotFoundException($"The PDF font {path} is missing: install Debian's fonts-dejavu-core.", path);
    }
}
