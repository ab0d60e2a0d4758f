using Microsoft.AspNetCore.Razor.TagHelpers;
using Portal.Data;

namespace Portal.Web.TagHelpers;

/// <summary><c>&lt;money minor="123456" currency="EUR" /&gt;</c> renders "EUR 1,234.56" (<see cref="Money.Format"/>) with a tabular figure style.</summary>
[HtmlTargetElement("money", TagStructure = TagStructure.WithoutEndTag)]
public sealed class MoneyTagHelper : TagHelper
{
    public long Minor { get; set; }

    public string Currency { get; set; } = "";

    /// <summary>Headline figures in narrow cards: <see cref="Money.FormatApproximate"/>, marked "≈", the full amount in its title.</summary>
    public bool Compact { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        output.TagName = "span";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "text-nowrap font-monospace-num");
        output.Content.SetContent(Compact ? Money.FormatApproximate(Minor, Currency) : Money.Format(Minor, Currency));
        if (Compact)
        {
            output.Attributes.SetAttribute("title", Money.Format(Minor, Currency));
        }
    }
}
