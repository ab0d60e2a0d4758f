using System.Globalization;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Portal.Data;

namespace Portal.Web.TagHelpers;

/// <summary><c>&lt;money minor="123456" currency="EUR" /&gt;</c> renders "EUR 1,234.56" with a tabular figure style.</summary>
[HtmlTargetElement("money", TagStructure = TagStructure.WithoutEndTag)]
public sealed class MoneyTagHelper : TagHelper
{
    public long Minor { get; set; }

    public string Currency { get; set; } = "";

    /// <summary>Thousands and millions abbreviated (EUR 2.42M), for headline figures in narrow cards.</summary>
    public bool Compact { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        output.TagName = "span";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "text-nowrap font-monospace-num");
        output.Content.SetContent(Compact ? FormatCompact(Minor, Currency) : Money.Format(Minor, Currency));
        if (Compact)
        {
            output.Attributes.SetAttribute("title", Money.Format(Minor, Currency));
        }
    }

    public static string FormatCompact(long minor, string currency)
    {
        var units = minor / 100m;
        var text = Math.Abs(units) switch
        {
            >= 1_000_000m => (units / 1_000_000m).ToString("0.##", CultureInfo.InvariantCulture) + "M",
            >= 10_000m => (units / 1_000m).ToString("0.#", CultureInfo.InvariantCulture) + "k",
            _ => units.ToString("N2", CultureInfo.InvariantCulture),
        };
        return $"{currency} {text}";
    }
}
