using Microsoft.AspNetCore.Razor.TagHelpers;
using Portal.Data;

namespace Portal.Web.TagHelpers;

/// <summary>
/// <c>&lt;money minor="123456" currency="EUR" /&gt;</c> renders "EUR 1,234.56" (<see cref="Money.Format"/>) with a tabular
/// figure style: the one format of an amount, in headline cards too, so that a figure reads the same on every page.
/// </summary>
[HtmlTargetElement("money", TagStructure = TagStructure.WithoutEndTag)]
public sealed class MoneyTagHelper : TagHelper
{
    public long Minor { get; set; }

    public string Currency { get; set; } = "";

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        output.TagName = "span";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "money");
        output.Content.SetContent(Money.Format(Minor, Currency));
    }
}
