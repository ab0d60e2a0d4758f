namespace Portal.Web.Pages;

/// <summary>
/// Where a handler's store errors are shown: a store field <c>X</c> at <c>{Prefix}.X</c>, unless a rename
/// <c>"X=Name"</c> names the form field (<c>"X="</c> shows it above the form). A rename on the handler wins over one on
/// the page class.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class FormAttribute(string prefix, params string[] renames) : Attribute
{
    /// <summary>The store field of a <see cref="Portal.Data.Database.DuplicateException"/>: rename it to the field whose value is taken.</summary>
    public const string Duplicate = "(duplicate)";

    public string Prefix { get; } = prefix;

    public IReadOnlyDictionary<string, string> Renames { get; } = renames.Select(r => r.Split('=', 2)).ToDictionary(r => r[0], r => r[1]);

    /// <summary>The form field that shows a store's <paramref name="field"/>, with the handler's attribute first, then the page's.</summary>
    public static string FieldFor(string field, FormAttribute? handler, FormAttribute? page)
    {
        if ((handler?.Renames.GetValueOrDefault(field) ?? page?.Renames.GetValueOrDefault(field)) is { } renamed)
        {
            return renamed;
        }
        var prefix = handler?.Prefix ?? page?.Prefix ?? "";
        return prefix.Length == 0 ? field : $"{prefix}.{field}";
    }
}
