using Microsoft.AspNetCore.Mvc;
using Portal.Data.Notifications;
using Portal.Data.Profiles;
using Portal.Web.Identity;

namespace Portal.Web.Pages.Account;

/// <summary>The signed-in person's own settings: the time zone they read times in, and where each kind of notice reaches them.</summary>
public sealed class ProfileModel(CallerContext caller, ProfileStore profiles, TimeProvider clock) : PortalPageModel
{
    /// <summary>The chosen IANA zone; empty follows the organisation's.</summary>
    [BindProperty] public string? TimeZone { get; set; }

    [BindProperty] public Dictionary<string, NoticeDelivery> Deliveries { get; set; } = [];

    public Profile Profile { get; private set; } = null!;

    public DateTimeOffset Now => clock.GetUtcNow();

    public static string Label(NoticeDelivery delivery) => delivery switch
    {
        NoticeDelivery.Portal => "at once",
        NoticeDelivery.Digest => "in the daily digest",
        _ => "not at all",
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }
        TimeZone = Profile.TimeZone;
        Deliveries = NoticeKinds.All.ToDictionary(k => k.Entity, k => Profile.DeliveryOf(k.Entity));
        return Page();
    }

    [Form("")]
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var scope = await caller.RequireAsync(cancellationToken);
        await profiles.SetTimeZoneAsync(scope, string.IsNullOrEmpty(TimeZone) ? null : TimeZone, cancellationToken);
        await profiles.SetDeliveriesAsync(scope, Deliveries, cancellationToken);
        return Done("Your settings are saved.", RedirectToPage());
    }

    public override async Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Profile = (await profiles.GetAsync(await caller.RequireAsync(cancellationToken), cancellationToken))!;
        return Profile is not null;
    }
}
