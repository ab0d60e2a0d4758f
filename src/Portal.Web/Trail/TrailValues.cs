using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Portal.Data;
using Portal.Data.DesignRequests;
using Portal.Data.Loans;
using Portal.Data.Quality;
using Portal.Web.Time;

namespace Portal.Web.Trail;

/// <summary>
/// Turns a trail state (a typed record, or raw JSON where no type fits) into labelled values in the pages' formats:
/// money as "EUR 25,000.00", dates as "10 Dec 2026", states by their names. Internal ids and computed flags are left
/// out: people cannot read them.
/// </summary>
public static class TrailValues
{
    public const string None = "—";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The state's fields by label, times of day in <paramref name="zone"/> (the reader's), named.</summary>
    public static IReadOnlyDictionary<string, string> Flatten(object? state, TimeZoneInfo zone)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (state)
        {
            case null:
                break;
            case JsonElement json:
                FlattenJson(json, "", fields, zone);
                break;
            default:
                FlattenObject(state, "", fields, zone);
                break;
        }
        return fields;
    }

    public static string Date(DateOnly day) => TimeFormat.Date(day);

    /// <summary>"ReturnDue" → "Return due", "NotAFit" → "Not a fit"; steps and stages by the names the pages show.</summary>
    public static string Name(Enum value) => value switch
    {
        EightDStep step => $"{step} ({step.Title()})",
        DesignStage stage => DesignTransitions.Label(stage),
        FitVerdict verdict => DesignTransitions.Label(verdict),
        LoanState loan => LoanRules.Label(loan),
        _ => Words(value.ToString()),
    };

    /// <summary>Splits a PascalCase name into lower-case words, keeping the first capital and runs like "ERP" or "D3".</summary>
    public static string Words(string name)
    {
        var text = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var startsWord = i > 0 && char.IsUpper(c) && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])));
            if (startsWord)
            {
                text.Append(' ');
            }
            var keepCapital = i == 0 || (i + 1 < name.Length && char.IsUpper(name[i + 1])) || (i + 1 < name.Length && char.IsDigit(name[i + 1]));
            text.Append(keepCapital ? c : char.ToLowerInvariant(c));
        }
        return text.ToString();
    }

    public static string Label(string property)
    {
        foreach (var suffix in new[] { "Minor", "Milli" })
        {
            if (property.EndsWith(suffix, StringComparison.Ordinal) && property.Length > suffix.Length)
            {
                property = property[..^suffix.Length];
            }
        }
        if (property.EndsWith("ByName", StringComparison.Ordinal) || property.EndsWith("OwnerName", StringComparison.Ordinal))
        {
            property = property[..^"Name".Length];
        }
        return Words(char.ToUpperInvariant(property[0]) + property[1..]);
    }

    private static bool Hidden(string property) =>
        property.EndsWith("Id", StringComparison.Ordinal) || property.EndsWith("Ids", StringComparison.Ordinal)
        || property.EndsWith("Json", StringComparison.Ordinal) || property is "Id" or "IsOpen" or "IsDone" or "PartnershipCode";

    private static void FlattenObject(object state, string prefix, Dictionary<string, string> fields, TimeZoneInfo zone)
    {
        var properties = state.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToList();
        var currency = properties.FirstOrDefault(p => p.Name == "Currency")?.GetValue(state) as string;
        foreach (var property in properties.Where(p => p.SetMethod is not null && !Hidden(p.Name)))
        {
            var value = property.GetValue(state);
            var label = prefix + Label(property.Name);
            if (value is IEnumerable items and not string)
            {
                var list = items.Cast<object>().ToList();
                if (list.Count > 0 && !IsScalar(list[0]))
                {
                    foreach (var item in list)
                    {
                        FlattenObject(item, ItemPrefix(item), fields, zone);
                    }
                    continue;
                }
                fields[label] = list.Count == 0 ? None : string.Join(", ", list.Select(i => Scalar(i, property.Name, currency, zone)));
                continue;
            }
            fields[label] = Scalar(value, property.Name, currency, zone);
        }
    }

    // A step of a quality issue is named by its step: "D3 (Containment) due at".
    private static string ItemPrefix(object item) =>
        item.GetType().GetProperty("Step")?.GetValue(item) is Enum step ? Name(step) + " · " : "";

    private static bool IsScalar(object value) => value is string or Enum or IFormattable or bool;

    private static string Scalar(object? value, string property, string? currency, TimeZoneInfo zone) => value switch
    {
        null => None,
        string s => s.Length == 0 ? None : s,
        bool b => b ? "yes" : "no",
        Enum e => Name(e),
        DateOnly d => Date(d),
        DateTimeOffset t => TimeFormat.At(t, zone),
        long minor when property.EndsWith("Minor", StringComparison.Ordinal) && currency is not null => Money.Format(minor, currency),
        long milli when property.EndsWith("Milli", StringComparison.Ordinal) => (milli / 1000m).ToString("0.###", Invariant),
        IFormattable f => f.ToString(null, Invariant),
        _ => value.ToString() ?? None,
    };

    private static void FlattenJson(JsonElement json, string prefix, Dictionary<string, string> fields, TimeZoneInfo zone)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        var currency = json.TryGetProperty("currency", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        foreach (var property in json.EnumerateObject())
        {
            var name = char.ToUpperInvariant(property.Name[0]) + property.Name[1..];
            if (Hidden(name) || property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
            {
                continue;
            }
            fields[prefix + Label(name)] = property.Value.ValueKind switch
            {
                JsonValueKind.Null => None,
                JsonValueKind.True => "yes",
                JsonValueKind.False => "no",
                JsonValueKind.Number when name.EndsWith("Minor", StringComparison.Ordinal) && currency is not null => Money.Format(property.Value.GetInt64(), currency),
                JsonValueKind.String when property.Value.TryGetDateTimeOffset(out var at) && property.Value.GetString()!.Contains('T', StringComparison.Ordinal) => TimeFormat.At(at, zone),
                JsonValueKind.String when DateOnly.TryParseExact(property.Value.GetString(), "yyyy-MM-dd", Invariant, DateTimeStyles.None, out var day) => Date(day),
                JsonValueKind.String => property.Value.GetString() is { Length: > 0 } s ? s : None,
                _ => property.Value.GetRawText(),
            };
        }
    }
}
