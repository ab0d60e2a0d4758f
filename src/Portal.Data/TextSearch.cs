using Portal.Data.Partnerships;

namespace Portal.Data;

/// <summary>
/// What a person typed into a list's search box, as SQL parameters: a case-insensitive LIKE pattern with the wildcards
/// of the text escaped, and the record number it may name ("12", "NOR-DR-12"). Bind <see cref="Like"/> and
/// <see cref="Number"/> as @Like and @Number.
/// </summary>
public sealed record TextSearch(string Like, long? Number)
{
    public const int MaxLength = 200;

    /// <summary>Null for an empty search: the list is not narrowed.</summary>
    public static TextSearch? Of(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return null;
        }
        trimmed = trimmed[..Math.Min(trimmed.Length, MaxLength)];
        var escaped = trimmed.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
        return new TextSearch($"%{escaped}%", RecordNumbers.NumberIn(trimmed));
    }

    /// <summary>"(lower(a) LIKE @Like ESCAPE '\' OR … OR number = @Number)": any of the text columns, or the record's number.</summary>
    public string Condition(string? numberColumn, params string[] textColumns)
    {
        var any = textColumns.Select(c => $"lower({c}) LIKE @Like ESCAPE '\\'").ToList();
        if (numberColumn is not null && Number is not null)
        {
            any.Add($"{numberColumn} = @Number");
        }
        return $"({string.Join(" OR ", any)})";
    }
}
