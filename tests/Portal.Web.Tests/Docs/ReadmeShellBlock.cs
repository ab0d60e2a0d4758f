using System.Text.RegularExpressions;

namespace Portal.Web.Tests.Docs;

/// <summary>
/// One ```bash block of README.md: where it stands (the heading above it and its number), its text, why it is not run
/// when its first line says <c># illustrative: why</c>, and what its output must show: the lines it marks <c>#&gt;</c>.
/// </summary>
public sealed partial record ReadmeShellBlock(int Number, string Heading, string Text, string? Illustrative)
{
    private const string IllustrativeMarker = "# illustrative:";
    private const string OutputMarker = "#>";

    public static IReadOnlyList<ReadmeShellBlock> Parse(string markdown)
    {
        var blocks = new List<ReadmeShellBlock>();
        var heading = "";
        List<string>? open = null;
        foreach (var line in markdown.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (open is null && line.StartsWith('#'))
            {
                heading = line.TrimStart('#').Trim();
            }
            else if (open is null && line.Trim() == "```bash")
            {
                open = [];
            }
            else if (open is not null && line.Trim() == "```")
            {
                var illustrative = open.Count > 0 && open[0].StartsWith(IllustrativeMarker, StringComparison.Ordinal) ? open[0][IllustrativeMarker.Length..].Trim() : null;
                blocks.Add(new ReadmeShellBlock(blocks.Count + 1, heading, string.Join('\n', open), illustrative));
                open = null;
            }
            else
            {
                open?.Add(line);
            }
        }
        return blocks;
    }

    /// <summary>The block's first command line, shortened: how a reader finds it in the README.</summary>
    public string Title
    {
        get
        {
            var first = Array.Find(Text.Split('\n'), l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'))?.Trim() ?? "";
            return $"{Heading} #{Number}: {(first.Length > 60 ? first[..57] + "..." : first)}";
        }
    }

    /// <summary>The field names (text format <c>name:</c> or <c>name {</c>, JSON <c>"name":</c>) and enum value names the marked output lines show.</summary>
    public IReadOnlyList<string> ExpectedWords
    {
        get
        {
            var output = Text.Split('\n').Select(l => l.TrimStart()).Where(l => l.StartsWith(OutputMarker, StringComparison.Ordinal)).Select(l => l[OutputMarker.Length..]).ToList();
            var fields = output.Select(l => FieldName().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value);
            var enums = output.SelectMany(l => EnumValue().Matches(l)).Select(m => m.Value);
            return fields.Concat(enums).Distinct().ToList();
        }
    }

    [GeneratedRegex("""^\s*"?([A-Za-z_][A-Za-z0-9_]*)"?\s*[:{]""")]
    private static partial Regex FieldName();

    [GeneratedRegex(@"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")]
    private static partial Regex EnumValue();
}
