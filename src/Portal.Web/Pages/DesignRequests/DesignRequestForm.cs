using Portal.Data.DesignRequests;

namespace Portal.Web.Pages.DesignRequests;

/// <summary>
/// The intake as the form posts it. Everything is optional here so that the store's rules, not model binding,
/// word the messages; the price is entered in major units and kept in minor units.
/// </summary>
public sealed class DesignRequestForm
{
    public string? Title { get; set; }
    public string? Application { get; set; }
    public string? OperatingConditions { get; set; }
    public long? AnnualVolume { get; set; }
    public MoneyAmount? TargetPrice { get; set; }
    public DateOnly? NeededBy { get; set; }
    public string? Standards { get; set; }
    public string? Description { get; set; }

    public DesignRequestInput ToInput() => new(
        Title ?? "", Application ?? "", OperatingConditions ?? "", AnnualVolume ?? 0,
        TargetPrice?.Minor,
        NeededBy, Standards ?? "", Description ?? "");
}
